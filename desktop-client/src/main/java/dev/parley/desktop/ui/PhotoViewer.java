package dev.parley.desktop.ui;

import dev.parley.desktop.chat.PhotoViewerViewModel;
import dev.parley.protocol.AttachmentView;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The full-size photo viewer, a window of its own over the app: the photo fitted to the window (its thumbnail first,
 * the full image once fetched), its name and place among the chat's photos; Left and Right (or the buttons) move,
 * Esc closes. One per opening; the state is the {@link PhotoViewerViewModel}'s.
 */
final class PhotoViewer {

    private final Stage stage = new Stage();
    private final ImageView image = new ImageView();
    private final PhotoViewerViewModel viewModel;
    private final ImageCache thumbnails;
    private final ImageCache photos;

    PhotoViewer(Window owner, PhotoViewerViewModel viewModel, ImageCache thumbnails, ImageCache photos) {
        this.viewModel = viewModel;
        this.thumbnails = thumbnails;
        this.photos = photos;
        image.setPreserveRatio(true);
        image.setSmooth(true);
        StackPane centre = new StackPane(image);
        centre.getStyleClass().add("viewer-photo");
        centre.setMinSize(0, 0);
        image.fitWidthProperty().bind(centre.widthProperty().subtract(24));
        image.fitHeightProperty().bind(centre.heightProperty().subtract(24));
        Label title = new Label();
        title.getStyleClass().add("viewer-title");
        title.textProperty().bind(viewModel.titleProperty());
        Button previous = button("‹", "Previous (Left)", viewModel::previous);
        Button next = button("›", "Next (Right)", viewModel::next);
        Button close = button("✕", "Close (Esc)", stage::close);
        HBox bar = new HBox(10, previous, next, title, close);
        HBox.setHgrow(title, javafx.scene.layout.Priority.ALWAYS);
        title.setMaxWidth(Double.MAX_VALUE);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("viewer-bar");
        BorderPane root = new BorderPane(centre, bar, null, null, null);
        root.getStyleClass().add("photo-viewer");
        Scene scene = new Scene(root, 900, 680);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
            stage.initOwner(owner);
        }
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            boolean handled = switch (e.getCode()) {
                case ESCAPE -> {
                    stage.close();
                    yield true;
                }
                case LEFT -> viewModel.previous() || true;
                case RIGHT -> viewModel.next() || true;
                default -> false;
            };
            if (handled) {
                e.consume();
            }
        });
        stage.setScene(scene);
        stage.setOnHidden(e -> viewModel.close());
        stage.titleProperty().bind(viewModel.titleProperty());
        viewModel.currentProperty().addListener((obs, old, photo) -> show(photo));
        show(viewModel.currentProperty().get());
    }

    private Button button(String text, String tip, Runnable action) {
        Button button = new Button(text);
        button.getStyleClass().add("viewer-button");
        button.setTooltip(new javafx.scene.control.Tooltip(tip));
        button.setFocusTraversable(false); // the keys work anywhere in the window
        button.setOnAction(e -> action.run());
        return button;
    }

    void show() {
        stage.show();
        stage.toFront();
    }

    Stage stage() {
        return stage;
    }

    /** The thumbnail at once (cached: the bubble loaded it), the full photo when it arrives, unless moved on. */
    private void show(AttachmentView photo) {
        image.setImage(null);
        thumbnails.get(photo.thumbnailUrl()).thenAccept(thumb -> Platform.runLater(() -> {
            if (viewModel.currentProperty().get() == photo && image.getImage() == null) {
                image.setImage(thumb);
            }
        }));
        photos.get(photo.url(), photo.width(), photo.height()).thenAccept(full -> Platform.runLater(() -> {
            if (viewModel.currentProperty().get() == photo) {
                image.setImage(full);
            }
        }));
    }
}
