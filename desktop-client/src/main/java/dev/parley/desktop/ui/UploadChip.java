package dev.parley.desktop.ui;

import dev.parley.desktop.chat.Upload;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.SVGPath;

/**
 * One file in the preview over the composer: a small picture of it (the image itself, read from disk in the
 * background, or a document icon), its name, its size, that it waits its turn or why it failed, the upload's
 * progress, and Retry (when it may help) and Remove (which cancels an upload under way or takes a waiting file out of
 * line). Pseudo-class {@code failed}.
 */
final class UploadChip extends HBox {

    private static final javafx.css.PseudoClass FAILED = javafx.css.PseudoClass.getPseudoClass("failed");

    UploadChip(Upload upload, Consumer<Upload> retry, Consumer<Upload> remove) {
        super(8);
        getStyleClass().add("upload-chip");
        setAlignment(Pos.CENTER_LEFT);
        Label name = new Label(upload.name());
        name.getStyleClass().add("upload-name");
        name.setMaxWidth(180);
        Label detail = new Label();
        detail.getStyleClass().add("upload-detail");
        detail.setWrapText(true); // the server's reason for a refusal may be a long sentence
        detail.setMaxWidth(220);
        detail.setMinHeight(Region.USE_PREF_SIZE);
        ProgressBar progress = new ProgressBar();
        progress.getStyleClass().add("upload-progress");
        progress.setPrefWidth(140);
        progress.progressProperty().bind(upload.progressProperty());
        var uploading = upload.stateProperty().isEqualTo(Upload.State.UPLOADING);
        progress.visibleProperty().bind(uploading);
        progress.managedProperty().bind(uploading);
        detail.textProperty().bind(Bindings.createStringBinding(upload::detail, upload.stateProperty()));
        Button retryButton = new Button("Retry");
        retryButton.getStyleClass().add("upload-retry");
        retryButton.setOnAction(e -> retry.accept(upload));
        var canRetry = Bindings.createBooleanBinding(upload::retryable, upload.stateProperty());
        retryButton.visibleProperty().bind(canRetry);
        retryButton.managedProperty().bind(canRetry);
        Button removeButton = new Button("✕");
        removeButton.getStyleClass().addAll("upload-remove");
        removeButton.setTooltip(new Tooltip("Remove"));
        removeButton.setAccessibleText("Remove " + upload.name());
        removeButton.setOnAction(e -> remove.accept(upload));
        upload.stateProperty().addListener((obs, was, state) ->
                pseudoClassStateChanged(FAILED, state == Upload.State.FAILED));
        getChildren().addAll(picture(upload), new VBox(2, name, detail, progress), retryButton, removeButton);
    }

    /**
     * The height at the chip's own width when asked without one: the tray's FlowPane asks so (it ignores the wrapped
     * reason's content bias) and would otherwise leave a row too short for a reason of several lines.
     */
    @Override
    protected double computePrefHeight(double width) {
        return super.computePrefHeight(width < 0 ? prefWidth(-1) : width);
    }

    private static Node picture(Upload upload) {
        String lower = upload.name().toLowerCase(Locale.ROOT);
        if (lower.matches(".*\\.(png|jpe?g|gif|bmp)$")) {
            ImageView view = new ImageView(new Image(upload.fileUri(), 44, 44, true, true, true));
            StackPane box = new StackPane(view);
            box.getStyleClass().add("upload-picture");
            box.setPrefSize(44, 44);
            return box;
        }
        SVGPath icon = new SVGPath();
        icon.setContent("M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8l-6-6zm-1 7V3.5L18.5 9H13z");
        icon.getStyleClass().add("document-icon");
        StackPane box = new StackPane(icon);
        box.getStyleClass().add("upload-picture");
        box.setPrefSize(44, 44);
        return box;
    }
}
