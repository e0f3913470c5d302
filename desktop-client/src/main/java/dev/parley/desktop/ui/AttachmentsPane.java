package dev.parley.desktop.ui;

import dev.parley.desktop.chat.AttachmentText;
import dev.parley.desktop.chat.Download;
import dev.parley.protocol.AttachmentView;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.SVGPath;

/**
 * The photos and files of one message in its bubble: its photos first, one as its thumbnail in a box of the photo's
 * aspect ratio, several as an album of square tiles ({@link AttachmentText#album}), sized before the images arrive (a
 * click on one opens the viewer at it); then any other file as a document row (icon, name, size and
 * Save as…, with the progress of a save under way). Rebuilt only when the message's attachments change.
 */
final class AttachmentsPane extends VBox {

    private static final String DOCUMENT_ICON =
            "M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8l-6-6zm-1 7V3.5L18.5 9H13z";

    private final ImageCache thumbnails;
    private final Consumer<AttachmentView> open;
    private final Consumer<AttachmentView> saveAs;
    private final Function<AttachmentView, Download> downloadOf;
    private List<AttachmentView> shown = List.of();

    /** {@code downloadOf} gives the save under way of a file (or null), so a reused cell shows its progress. */
    AttachmentsPane(ImageCache thumbnails, Consumer<AttachmentView> open, Consumer<AttachmentView> saveAs,
                    Function<AttachmentView, Download> downloadOf) {
        super(4);
        this.thumbnails = thumbnails;
        this.open = open;
        this.saveAs = saveAs;
        this.downloadOf = downloadOf;
        getStyleClass().add("bubble-attachments");
        setFillWidth(false);
    }

    /** Shows {@code attachments} (none: empty and unmanaged). */
    void show(List<AttachmentView> attachments) {
        if (attachments.equals(shown)) {
            refreshDownloads();
            return;
        }
        shown = attachments;
        List<AttachmentView> photos = attachments.stream().filter(AttachmentText::photo).toList();
        List<Node> children = new java.util.ArrayList<>();
        if (photos.size() == 1) {
            double[] box = AttachmentText.box(photos.getFirst().width(), photos.getFirst().height());
            children.add(photo(photos.getFirst(), box[0], box[1], 0));
        } else if (photos.size() > 1) {
            children.add(album(photos));
        }
        attachments.stream().filter(a -> !AttachmentText.photo(a)).map(this::document).forEach(children::add);
        setVisible(!attachments.isEmpty());
        setManaged(!attachments.isEmpty());
        getChildren().setAll(children); // last: the bubble looks at what it shows when its children change
    }

    /** Whether it shows photos and nothing else (no document rows). */
    boolean photosOnly() {
        return !shown.isEmpty() && shown.stream().allMatch(AttachmentText::photo);
    }

    /** The widest a child is (the bubble's text may wrap to it). */
    double contentWidth() {
        return getChildren().stream().mapToDouble(n -> n.prefWidth(-1)).max().orElse(0);
    }

    private Node album(List<AttachmentView> photos) {
        GridPane grid = new GridPane(AttachmentText.ALBUM_GAP, AttachmentText.ALBUM_GAP);
        grid.getStyleClass().add("photo-album");
        for (AttachmentText.Tile tile : AttachmentText.album(photos)) {
            grid.add(photo(tile.photo(), tile.width(), tile.height(), tile.more()), tile.column(), tile.row(),
                    tile.wide() ? 2 : 1, 1);
        }
        return grid;
    }

    /**
     * A photo's tile of {@code width}×{@code height}: the thumbnail fills it (cropped when the ratios differ, as in
     * an album); {@code more} above 0 lays "+more" over it.
     */
    private Node photo(AttachmentView attachment, double width, double height, int more) {
        double scale = Math.max(width / attachment.width(), height / attachment.height());
        ImageView view = new ImageView();
        view.setFitWidth(Math.max(width, Math.round(attachment.width() * scale)));
        view.setFitHeight(Math.max(height, Math.round(attachment.height() * scale)));
        view.setPreserveRatio(false); // sized to the photo's ratio above
        view.setSmooth(true);
        StackPane tile = new StackPane(view);
        tile.getStyleClass().add("photo-tile");
        tile.setMinSize(width, height);
        tile.setPrefSize(width, height);
        tile.setMaxSize(width, height);
        if (more > 0) {
            Label plus = new Label("+" + more);
            plus.getStyleClass().add("photo-more");
            plus.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
            plus.setAlignment(Pos.CENTER);
            plus.setMouseTransparent(true);
            tile.getChildren().add(plus);
        }
        Rectangle clip = new Rectangle(width, height);
        clip.setArcWidth(12);
        clip.setArcHeight(12);
        tile.setClip(clip);
        tile.setOnMouseClicked(e -> {
            open.accept(attachment);
            e.consume();
        });
        Tooltip.install(tile, new Tooltip(attachment.name()));
        thumbnails.get(attachment.thumbnailUrl()).thenAccept(image -> Platform.runLater(() -> view.setImage(image)));
        return tile;
    }

    private Node document(AttachmentView attachment) {
        SVGPath icon = new SVGPath();
        icon.setContent(DOCUMENT_ICON);
        icon.getStyleClass().add("document-icon");
        Label name = new Label(attachment.name());
        name.getStyleClass().add("document-name");
        name.setMaxWidth(220);
        Label detail = new Label(AttachmentText.detail(attachment));
        detail.getStyleClass().add("document-detail");
        ProgressBar progress = new ProgressBar();
        progress.managedProperty().bind(progress.visibleProperty());
        progress.getStyleClass().add("document-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        VBox text = new VBox(1, name, detail, progress);
        HBox.setHgrow(text, Priority.ALWAYS);
        Button save = new Button("Save as…");
        save.getStyleClass().add("document-save");
        save.setFocusTraversable(false); // the message's menu offers it from the keyboard
        save.setOnAction(e -> saveAs.accept(attachment));
        HBox row = new HBox(10, icon, text, save);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add("document-row");
        row.setUserData(new Object[] {attachment, progress, detail});
        bindDownload(row);
        return row;
    }

    private void refreshDownloads() {
        getChildren().forEach(this::bindDownload);
    }

    private void bindDownload(Node node) {
        if (!(node.getUserData() instanceof Object[] parts)) {
            return;
        }
        AttachmentView attachment = (AttachmentView) parts[0];
        ProgressBar progress = (ProgressBar) parts[1];
        Label detail = (Label) parts[2];
        Download download = downloadOf.apply(attachment);
        progress.progressProperty().unbind();
        detail.textProperty().unbind();
        boolean active = download != null;
        progress.visibleProperty().unbind();
        progress.setVisible(false);
        if (active) {
            progress.visibleProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                    () -> !download.done(), download.statusProperty()));
            progress.progressProperty().bind(download.progressProperty());
            detail.textProperty().bind(download.statusProperty());
        } else {
            detail.setText(AttachmentText.detail(attachment));
        }
    }
}
