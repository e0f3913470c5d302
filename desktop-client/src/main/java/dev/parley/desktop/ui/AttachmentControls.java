package dev.parley.desktop.ui;

import dev.parley.desktop.chat.ConversationViewModel;
import dev.parley.desktop.chat.Download;
import dev.parley.protocol.AttachmentView;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javafx.collections.ListChangeListener;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.Clipboard;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The conversation's photos and files, on the view's side: the attach button's file chooser, files dropped on the
 * conversation or pasted (files, or an image, written to a temporary PNG), the preview of the attached files over the
 * composer, the photo viewer and Save as…. Thin: what may be attached, uploaded and sent is the
 * {@link ConversationViewModel}'s to decide. FX thread only.
 */
final class AttachmentControls {

    private static final System.Logger LOG = System.getLogger(AttachmentControls.class.getName());

    private final ConversationViewModel viewModel;
    private final Node anchor;
    private final ImageCache thumbnails;
    private final ImageCache photos;
    private final Map<UUID, Download> downloads = new HashMap<>();
    private File lastFolder;
    private PhotoViewer viewer;

    AttachmentControls(ConversationViewModel viewModel, Node anchor) {
        this.viewModel = viewModel;
        this.anchor = anchor;
        this.thumbnails = new ImageCache(viewModel::fetch, 200, 0);
        // Full photos are big: a few, decoded to at most 2560 px a side.
        this.photos = new ImageCache(viewModel::fetch, 6, 2560);
    }

    ImageCache thumbnails() {
        return thumbnails;
    }

    /** The preview over the composer follows the attached files; a notice says why one was refused. */
    void bindTray(VBox tray, FlowPane list, Label notice, Button attachButton) {
        Runnable rebuild = () -> {
            list.getChildren().setAll(viewModel.uploads().stream()
                    .map(u -> new UploadChip(u, viewModel::retryUpload, viewModel::removeUpload)).toList());
            tray.setVisible(!viewModel.uploads().isEmpty());
            tray.setManaged(tray.isVisible());
        };
        viewModel.uploads().addListener((ListChangeListener<Object>) change -> rebuild.run());
        rebuild.run();
        notice.textProperty().bind(viewModel.uploadNoticeProperty());
        notice.visibleProperty().bind(viewModel.uploadNoticeProperty().isNotEmpty());
        notice.managedProperty().bind(notice.visibleProperty());
        attachButton.disableProperty().bind(viewModel.blockedProperty().or(viewModel.notMemberProperty()));
    }

    /** Files dragged over {@code target} are taken as a copy and attached when dropped. */
    void acceptDrops(Node target) {
        target.addEventHandler(DragEvent.DRAG_OVER, e -> {
            if (e.getDragboard().hasFiles() && viewModel.chatProperty().get() != null) {
                e.acceptTransferModes(TransferMode.COPY);
                e.consume();
            }
        });
        target.addEventHandler(DragEvent.DRAG_DROPPED, e -> {
            boolean done = e.getDragboard().hasFiles();
            if (done) {
                viewModel.attach(files(e.getDragboard().getFiles()));
            }
            e.setDropCompleted(done);
            e.consume();
        });
    }

    /** The attach button (and Ctrl+U): the system's file chooser, several files at once. */
    void choose() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Attach photos or files");
        if (lastFolder != null && lastFolder.isDirectory()) {
            chooser.setInitialDirectory(lastFolder);
        }
        List<File> chosen = chooser.showOpenMultipleDialog(window());
        if (chosen != null && !chosen.isEmpty()) {
            lastFolder = chosen.getFirst().getParentFile();
            viewModel.attach(files(chosen));
        }
    }

    /**
     * Paste into the composer: files on the clipboard are attached, as is an image without text (a screenshot),
     * written to a temporary PNG first; true when it took the paste (else the text field pastes text as usual).
     */
    boolean paste() {
        Clipboard clipboard = Clipboard.getSystemClipboard();
        if (clipboard.hasFiles()) {
            viewModel.attach(files(clipboard.getFiles()));
            return true;
        }
        if (clipboard.hasImage() && !clipboard.hasString()) {
            try {
                Path file = Files.createTempDirectory("parley-paste").resolve("Pasted image.png");
                javax.imageio.ImageIO.write(SwingFXUtils.fromFXImage(clipboard.getImage(), null), "png",
                        file.toFile());
                file.toFile().deleteOnExit();
                viewModel.attach(List.of(file));
                return true;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Can't keep the pasted image", e);
            }
        }
        return false;
    }

    void openPhoto(AttachmentView photo) {
        if (viewer != null) {
            viewer.stage().close();
        }
        viewer = new PhotoViewer(window(), viewModel.photoViewer(photo), thumbnails, photos);
        viewer.show();
    }

    /** Save as…: the chooser proposes the file's name; the file then streams there with its progress in the bubble. */
    void saveAs(AttachmentView file) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save as");
        chooser.setInitialFileName(file.name());
        if (lastFolder != null && lastFolder.isDirectory()) {
            chooser.setInitialDirectory(lastFolder);
        }
        File target = chooser.showSaveDialog(window());
        if (target != null) {
            lastFolder = target.getParentFile();
            save(file, target.toPath());
        }
    }

    /** Streams {@code file} to {@code target}; its bubble shows the progress. */
    Download save(AttachmentView file, Path target) {
        Download previous = downloads.get(file.attachmentUuid());
        if (previous != null && !previous.done()) {
            previous.cancel();
        }
        Download download = viewModel.download(file, target);
        downloads.put(file.attachmentUuid(), download);
        return download;
    }

    Download download(AttachmentView file) {
        return downloads.get(file.attachmentUuid());
    }

    /** The viewer open now, or null (tests look at it). */
    PhotoViewer viewer() {
        return viewer;
    }

    private static List<Path> files(List<File> files) {
        return files.stream().filter(File::isFile).map(File::toPath).toList();
    }

    private Window window() {
        return anchor.getScene() == null ? null : anchor.getScene().getWindow();
    }
}
