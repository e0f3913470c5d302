package dev.parley.desktop.ui;

import static dev.parley.desktop.support.DesktopApp.eventually;
import static dev.parley.desktop.support.DesktopApp.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.desktop.chat.ChatItem;
import dev.parley.desktop.chat.Download;
import dev.parley.desktop.chat.MessageItem;
import dev.parley.desktop.chat.Upload;
import dev.parley.desktop.support.DesktopApp;
import dev.parley.desktop.support.Peer;
import dev.parley.desktop.support.TestNode;
import dev.parley.protocol.AttachmentView;
import dev.parley.server.Parley;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javafx.embed.swing.SwingFXUtils;
import javafx.event.Event;
import javafx.scene.image.WritableImage;
import javafx.scene.input.Clipboard;
import javafx.scene.input.DataFormat;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Photos and files against a real node: Bob sends two photos (made here) and a PDF over REST; Alice's app shows the
 * thumbnails in boxes of their aspect ratio, opens the viewer and moves in it, saves the PDF, and sends a file of her
 * own that Bob's history then carries; on a node with a small upload burst, four files she attaches all upload by
 * themselves, waiting their turn and the server's pauses.
 */
class AttachmentsUiTest {

    private DesktopApp desktop;

    @AfterEach
    void close() throws Exception {
        if (desktop != null) {
            desktop.close();
        }
    }

    @Test
    void aReceivedPhotoShowsAsAThumbnailOfItsAspectRatioAndOpensInTheViewer() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "palice");
        Peer bob = Peer.register(server, "pbob");
        UUID room = bob.roomWith(alice);
        bob.post(room, "Photos from Saturday 🌅");
        UUID lake = bob.upload(room, "lake.png", png(900, 600, new Color(0x1f7aec), new Color(0xf0a33f)));
        UUID tower = bob.upload(room, "tower.png", png(400, 700, new Color(0x5e6ad2), new Color(0xe5426b)));
        bob.postAttachments(room, "The lake at sunset", lake);
        bob.postAttachments(room, "and the tower", tower);
        byte[] pdf = "%PDF-1.4\n% a tiny test document\n".getBytes(StandardCharsets.US_ASCII);
        bob.postAttachments(room, "", bob.upload(room, "route-plan.pdf", pdf));

        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the chat is listed", () -> desktop.vm() != null && desktop.chats().chats().size() == 1);
        ChatItem chat = desktop.chatWith(bob);
        assertThat(fx(() -> chat.lastMessageProperty().get().previewText())).isEqualTo("📄 route-plan.pdf");

        robot.clickOn(bob.username());
        eventually("both thumbnails loaded", () -> robot.lookup(".photo-tile").queryAll().size() == 2
                && robot.lookup(".photo-tile").queryAll().stream()
                        .allMatch(tile -> ((ImageView) ((Region) tile).getChildrenUnmodifiable().getFirst())
                                .getImage() != null));
        List<Region> tiles = fx(() -> robot.lookup(".photo-tile").<Region>queryAll().stream()
                .sorted((a, b) -> Double.compare(a.localToScene(0, 0).getX(), b.localToScene(0, 0).getX()))
                .toList());
        Region landscape = tiles.stream().filter(t -> t.getWidth() > t.getHeight()).findFirst().orElseThrow();
        Region portrait = tiles.stream().filter(t -> t.getWidth() < t.getHeight()).findFirst().orElseThrow();
        assertThat(landscape.getWidth() / landscape.getHeight()).isCloseTo(900.0 / 600, within(0.02));
        assertThat(portrait.getWidth() / portrait.getHeight()).isCloseTo(400.0 / 700, within(0.02));
        fx(() -> {
            javafx.scene.control.ListView<?> list = desktop.lookup("#messageList");
            list.scrollTo(list.getItems().size() - 1); // the chat opened at its first unread message
            return null;
        });
        eventually("the document row", () -> robot.lookup(".document-name").queryAll().stream()
                .anyMatch(n -> ((javafx.scene.control.Label) n).getText().equals("route-plan.pdf")));

        // No caption under a file: the time at the bubble's bottom right, under the document row.
        Map<String, Double> time = fx(() -> timeAgainst(robot.lookup(".document-row").query()));
        assertThat(time.get("right")).isBetween(-1.0, 1.0);
        assertThat(time.get("bottom")).isBetween(-24.0, -2.0);
        desktop.screenshot("desktop-attachments");
        Region lakeTile = fx(() -> robot.lookup(".photo-tile").<Region>queryAll().stream()
                .filter(t -> t.getScene() != null && t.getWidth() > t.getHeight()).findFirst().orElseThrow());
        robot.clickOn(lakeTile);
        eventually("the viewer shows the lake", () -> viewer() != null && viewer().getTitle().equals("lake.png · 1 of 2")
                && photoIn(viewer()) != null);
        Stage viewer = fx(AttachmentsUiTest::viewer);
        fx(() -> {
            viewer.requestFocus();
            return null;
        });
        robot.type(KeyCode.RIGHT);
        eventually("Right shows the tower", () -> viewer.getTitle().equals("tower.png · 2 of 2"));
        eventually("the full tower photo", () -> photoIn(viewer) != null && photoIn(viewer).getHeight() == 700);
        snapshot(viewer, "desktop-photo-viewer");
        robot.type(KeyCode.ESCAPE);
        eventually("Esc closes the viewer", () -> !viewer.isShowing());
    }

    @Test
    void photosTakenInPortraitShowUprightInTheViewerAsTheirExifOrientationSays() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "oralice");
        Peer bob = Peer.register(server, "orbob");
        UUID room = bob.roomWith(alice);
        // As a phone stores them: landscape pixels (800x600) and a tag saying which way is up.
        UUID six = bob.upload(room, "portrait6.jpg", jpegTakenInPortrait(6));
        UUID eight = bob.upload(room, "portrait8.jpg", jpegTakenInPortrait(8));
        bob.postAttachments(room, "taken in portrait", six, eight);

        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the chat is listed", () -> desktop.vm() != null && desktop.chats().chats().size() == 1);
        robot.clickOn(bob.username());
        eventually("both thumbnails loaded", () -> robot.lookup(".photo-tile").queryAll().size() == 2
                && robot.lookup(".photo-tile").queryAll().stream()
                        .allMatch(tile -> ((ImageView) ((Region) tile).getChildrenUnmodifiable().getFirst())
                                .getImage() != null));
        Region first = fx(() -> robot.lookup(".photo-tile").<Region>queryAll().stream()
                .min((a, b) -> Double.compare(a.localToScene(0, 0).getX(), b.localToScene(0, 0).getX()))
                .orElseThrow());
        robot.clickOn(first);
        eventually("the full first photo in the viewer", () -> viewer() != null
                && viewer().getTitle().equals("portrait6.jpg · 1 of 2") && photoIn(viewer()) != null
                && Math.max(photoIn(viewer()).getWidth(), photoIn(viewer()).getHeight()) == 800);
        Stage viewer = fx(AttachmentsUiTest::viewer);
        assertThat(fx(() -> uprightness(photoIn(viewer)))).isEqualTo(List.of("600x800", "red top", "blue bottom"));
        fx(() -> {
            viewer.requestFocus();
            return null;
        });
        robot.type(KeyCode.RIGHT);
        eventually("the full second photo", () -> viewer.getTitle().equals("portrait8.jpg · 2 of 2")
                && photoIn(viewer) != null && Math.max(photoIn(viewer).getWidth(), photoIn(viewer).getHeight()) == 800);
        assertThat(fx(() -> uprightness(photoIn(viewer)))).isEqualTo(List.of("600x800", "red top", "blue bottom"));
        robot.type(KeyCode.ESCAPE);
        eventually("Esc closes the viewer", () -> !viewer.isShowing());
    }

    /** A photo's size and the colours near its top and bottom middle. */
    private static List<String> uprightness(javafx.scene.image.Image image) {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        return List.of(w + "x" + h, colour(image.getPixelReader().getColor(w / 2, 10)) + " top",
                colour(image.getPixelReader().getColor(w / 2, h - 10)) + " bottom");
    }

    private static String colour(javafx.scene.paint.Color c) {
        return c.getRed() > 0.8 && c.getBlue() < 0.3 ? "red" : c.getBlue() > 0.8 && c.getRed() < 0.3 ? "blue" : c.toString();
    }

    /**
     * A JPEG of a portrait picture (red at its top, blue at its bottom) stored the way a phone held upright stores
     * it: turned into 800x600 landscape pixels, with EXIF Orientation 6 (turn 90° clockwise to show) or 8 (turn
     * 90° counter-clockwise), the tag in an APP1 segment right after the start of the image.
     */
    private static byte[] jpegTakenInPortrait(int orientation) throws IOException {
        BufferedImage stored = new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = stored.createGraphics();
        // Orientation 6: the stored left edge is the picture's top; 8: the stored right edge.
        g.setColor(orientation == 6 ? Color.RED : Color.BLUE);
        g.fillRect(0, 0, 400, 600);
        g.setColor(orientation == 6 ? Color.BLUE : Color.RED);
        g.fillRect(400, 0, 400, 600);
        g.dispose();
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(stored, "jpeg", jpeg);
        byte[] bytes = jpeg.toByteArray();
        // Big-endian TIFF: header, one IFD with one entry (Orientation, SHORT, 1), no next IFD.
        java.nio.ByteBuffer tiff = java.nio.ByteBuffer.allocate(8 + 2 + 12 + 4);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8).putShort((short) 1)
                .putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0)
                .putInt(0);
        byte[] exif = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, 2);
        out.write(new byte[] {(byte) 0xFF, (byte) 0xE1, 0, (byte) (2 + exif.length + tiff.capacity())});
        out.write(exif);
        out.write(tiff.array());
        int app0 = (bytes[2] & 0xFF) == 0xFF && (bytes[3] & 0xFF) == 0xE0 ? 2 + ((bytes[4] & 0xFF) << 8 | bytes[5] & 0xFF) : 0;
        out.write(bytes, 2 + app0, bytes.length - 2 - app0);
        return out.toByteArray();
    }

    @Test
    void aSavedFileGetsThePermissionsOfAnyNewFileNotOwnerOnly() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "spalice");
        Peer bob = Peer.register(server, "spbob");
        UUID room = bob.roomWith(alice);
        byte[] pdf = "%PDF-1.4\n% a boarding pass\n".getBytes(StandardCharsets.US_ASCII);
        bob.postAttachments(room, "", bob.upload(room, "boarding pass.pdf", pdf));
        desktop = DesktopApp.signedIn(server, alice);
        eventually("the chat is listed", () -> desktop.vm() != null && desktop.chats().chats().size() == 1);
        desktop.robot().clickOn(bob.username());
        ChatItem chat = desktop.chatWith(bob);
        eventually("the file is loaded", () -> chat.messages().stream().anyMatch(m -> !m.attachments().isEmpty()));
        AttachmentView pass = fx(() -> chat.messages().getLast().attachments().getFirst());
        Path folder = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "save-");
        Path target = folder.resolve("boarding pass.pdf");

        Download download = fx(() -> desktop.conversation().download(pass, target));
        eventually("saved", () -> download.statusProperty().get().equals("Saved boarding pass.pdf"));

        Path madeByAnyApp = Files.createFile(folder.resolve("notes.txt"));
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(Files.getPosixFilePermissions(madeByAnyApp));
        assertThat(target).hasBinaryContent(pdf);
    }

    @Test
    void fivePhotosSentTogetherShowAsAnAlbumOfFourTilesWhoseLastSaysPlusTwo() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "aalice");
        Peer bob = Peer.register(server, "abob");
        UUID room = bob.roomWith(alice);
        UUID[] photos = new UUID[5];
        for (int i = 0; i < photos.length; i++) {
            photos[i] = bob.upload(room, "album" + (i + 1) + ".png",
                    png(600, 400 + 100 * i, new Color(0x1f7aec), new Color(0xf0a33f + 0x10 * i)));
        }
        bob.postAttachments(room, "", photos);
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the chat is listed", () -> desktop.vm() != null && desktop.chats().chats().size() == 1);
        robot.clickOn(bob.username());

        eventually("four square tiles loaded", () -> robot.lookup(".photo-album .photo-tile").queryAll().size() == 4
                && robot.lookup(".photo-album .photo-tile").queryAll().stream()
                        .allMatch(tile -> ((ImageView) ((Region) tile).getChildrenUnmodifiable().getFirst())
                                .getImage() != null));
        List<double[]> places = fx(() -> {
            List<Region> tiles = robot.lookup(".photo-album .photo-tile").<Region>queryAll().stream().toList();
            javafx.geometry.Point2D origin = tiles.getFirst().localToScene(0, 0);
            return tiles.stream().map(t -> new double[] {t.localToScene(0, 0).getX() - origin.getX(),
                t.localToScene(0, 0).getY() - origin.getY(), t.getWidth(), t.getHeight()}).toList();
        });
        assertThat(places).containsExactlyInAnyOrder(new double[] {0, 0, 128, 128}, new double[] {132, 0, 128, 128},
                new double[] {0, 132, 128, 128}, new double[] {132, 132, 128, 128});
        assertThat(fx(() -> ((javafx.scene.control.Label) robot.lookup(".photo-more").query()).getText())).isEqualTo("+2");
        // No caption: the time lies over the photos' bottom right corner, as on WhatsApp, not on a line of its own.
        Map<String, Double> time = fx(() -> timeAgainst(robot.lookup(".photo-album").query()));
        assertThat(time.get("right")).isBetween(4.0, 10.0);
        assertThat(time.get("bottom")).isBetween(4.0, 10.0);
        assertThat(time.get("bubbleBelow")).isBetween(0.0, 4.0);
        assertThat(time.get("drawnOver")).as("the time drawn over the photos").isEqualTo(1.0);
        desktop.screenshot("desktop-attachments-album");

        Region second = fx(() -> robot.lookup(".photo-album .photo-tile").<Region>queryAll().stream()
                .filter(t -> javafx.scene.layout.GridPane.getColumnIndex(t) == 1
                        && javafx.scene.layout.GridPane.getRowIndex(t) == 0).findFirst().orElseThrow());
        robot.clickOn(second);
        eventually("the viewer at the second photo", () -> viewer() != null
                && viewer().getTitle().equals("album2.png · 2 of 5"));
        Stage viewer = fx(AttachmentsUiTest::viewer);
        fx(() -> {
            viewer.requestFocus();
            return null;
        });
        robot.type(KeyCode.RIGHT, KeyCode.RIGHT, KeyCode.RIGHT);
        eventually("on to the fifth, behind the +2", () -> viewer.getTitle().equals("album5.png · 5 of 5"));
        robot.type(KeyCode.ESCAPE);
        eventually("Esc closes the viewer", () -> !viewer.isShowing());
    }

    @Test
    void aFileDroppedOnTheConversationAndAnImagePastedIntoTheComposerUploadAndGoTogether() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "dalice");
        Peer bob = Peer.register(server, "dbob");
        bob.roomWith(alice);
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the chat is listed", () -> desktop.vm() != null && desktop.chats().chats().size() == 1);
        robot.clickOn(bob.username());
        ChatItem chat = desktop.chatWith(bob);
        Path notes = Files.writeString(Files.createTempDirectory(Path.of("target").toAbsolutePath(), "drop-")
                .resolve("notes.txt"), "meet at the north gate\n");

        // A drag from the file manager: over the conversation it is taken as a copy, and dropped it attaches.
        List<DragEvent> events = fx(() -> {
            DragEvent over = drag(DragEvent.DRAG_OVER, List.of(notes.toFile()));
            DragEvent dropped = drag(DragEvent.DRAG_DROPPED, List.of(notes.toFile()));
            javafx.scene.Node pane = desktop.lookup("#conversationPane");
            Event.fireEvent(pane, over);
            Event.fireEvent(pane, dropped);
            return List.of(over, dropped);
        });
        DragEvent over = events.get(0);
        DragEvent dropped = events.get(1);
        assertThat(List.of(over.getAcceptedTransferMode(), dropped.isDropCompleted()))
                .containsExactly(TransferMode.COPY, true);
        eventually("the dropped file uploads", () -> desktop.conversation().uploads().stream()
                .anyMatch(u -> u.name().equals("notes.txt") && u.state() == Upload.State.READY));

        // A screenshot on the clipboard, Ctrl+V in the composer: it becomes "Pasted image.png".
        fx(() -> {
            WritableImage shot = new WritableImage(64, 40);
            for (int x = 0; x < 64; x++) {
                for (int y = 0; y < 40; y++) {
                    shot.getPixelWriter().setColor(x, y, javafx.scene.paint.Color.hsb(x * 5, 0.6, 0.9));
                }
            }
            Clipboard.getSystemClipboard().setContent(Map.of(DataFormat.IMAGE, shot));
            return null;
        });
        robot.clickOn("#composerField").press(KeyCode.CONTROL).type(KeyCode.V).release(KeyCode.CONTROL);
        eventually("the pasted image uploads", () -> desktop.conversation().uploads().stream()
                .anyMatch(u -> u.name().equals("Pasted image.png") && u.state() == Upload.State.READY));
        assertThat(fx(() -> desktop.conversation().draftProperty().get())).as("nothing pasted as text").isEmpty();

        fx(() -> {
            desktop.conversation().send();
            return null;
        });
        eventually("both sent in one message", () -> chat.messages().stream().anyMatch(m -> !m.pending()
                && m.attachments().stream().map(AttachmentView::name).toList()
                        .equals(List.of("notes.txt", "Pasted image.png"))));
    }

    /** A drag of {@code files} as the system hands it over (a dragboard holding them, copy allowed). */
    private static DragEvent drag(javafx.event.EventType<DragEvent> type, List<java.io.File> files) {
        Map<DataFormat, Object> content = new java.util.HashMap<>(Map.of(DataFormat.FILES, files));
        com.sun.javafx.tk.TKClipboard peer = new com.sun.javafx.tk.TKClipboard() {
            @Override
            public java.util.Set<DataFormat> getContentTypes() {
                return content.keySet();
            }

            @Override
            @SafeVarargs
            public final boolean putContent(javafx.util.Pair<DataFormat, Object>... pairs) {
                for (javafx.util.Pair<DataFormat, Object> pair : pairs) {
                    content.put(pair.getKey(), pair.getValue());
                }
                return true;
            }

            @Override
            public Object getContent(DataFormat format) {
                return content.get(format);
            }

            @Override
            public boolean hasContent(DataFormat format) {
                return content.containsKey(format);
            }

            @Override
            public java.util.Set<TransferMode> getTransferModes() {
                return java.util.Set.of(TransferMode.COPY);
            }

            @Override
            public void setDragView(javafx.scene.image.Image image) {
            }

            @Override
            public void setDragViewOffsetX(double offset) {
            }

            @Override
            public void setDragViewOffsetY(double offset) {
            }

            @Override
            public javafx.scene.image.Image getDragView() {
                return null;
            }

            @Override
            public double getDragViewOffsetX() {
                return 0;
            }

            @Override
            public double getDragViewOffsetY() {
                return 0;
            }
        };
        Dragboard dragboard = com.sun.javafx.scene.input.DragboardHelper.createDragboard(peer);
        return new DragEvent(type, dragboard, 300, 300, 300, 300, TransferMode.COPY, null, null, null);
    }

    @Test
    void aliceSavesAFileAndSendsOneThatBobsHistoryCarries() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "falice");
        Peer bob = Peer.register(server, "fbob");
        UUID room = bob.roomWith(alice);
        byte[] pdf = "%PDF-1.4\n% the route, for saving\n".getBytes(StandardCharsets.US_ASCII);
        bob.postAttachments(room, "the route", bob.upload(room, "route.pdf", pdf));
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the chat is listed", () -> desktop.vm() != null && desktop.chats().chats().size() == 1);
        robot.clickOn(bob.username());
        ChatItem chat = desktop.chatWith(bob);
        eventually("the file is loaded", () -> chat.messages().stream().anyMatch(m -> !m.attachments().isEmpty()));

        AttachmentView route = fx(() -> chat.messages().getLast().attachments().getFirst());
        Path target = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "save-").resolve("route.pdf");
        Download download = fx(() -> desktop.conversation().download(route, target));
        eventually("saved", () -> download.statusProperty().get().equals("Saved route.pdf"));
        assertThat(target).hasBinaryContent(pdf);

        Path notes = Files.writeString(target.resolveSibling("packing list.txt"), "tent, stove, maps\n");
        fx(() -> {
            desktop.conversation().attach(List.of(notes));
            desktop.conversation().draftProperty().set("for the trip");
            return null;
        });
        eventually("uploaded", () -> desktop.conversation().uploads().stream()
                .allMatch(u -> u.state() == Upload.State.READY));
        eventually("the preview over the composer shows it", () -> robot.lookup(".upload-name").queryAll().stream()
                .anyMatch(n -> n.isVisible() && ((javafx.scene.control.Label) n).getText().equals("packing list.txt")));
        desktop.screenshot("desktop-attachment-preview");
        fx(() -> {
            desktop.app().darkThemeProperty().set(true);
            return null;
        });
        desktop.screenshot("desktop-attachment-preview-dark");
        fx(() -> {
            desktop.conversation().send();
            return null;
        });
        eventually("the preview is emptied", () -> robot.lookup(".upload-chip").queryAll().isEmpty());
        eventually("acknowledged", () -> chat.messages().stream()
                .anyMatch(m -> !m.pending() && m.content().equals("for the trip")));

        JsonNode last = bob.history(room).get(bob.history(room).size() - 1);
        assertThat(List.of(last.get("content").asText(), last.get("attachments").get(0).get("name").asText(),
                last.get("attachments").get(0).get("size").asLong()))
                .containsExactly("for the trip", "packing list.txt", Files.size(notes));
        assertThat(fx(() -> chat.lastMessageProperty().get().previewText()))
                .isEqualTo("📄 packing list.txt for the trip");
        MessageItem mine = fx(() -> chat.messages().getLast());
        assertThat(fx(mine::attachments)).extracting(AttachmentView::name).containsExactly("packing list.txt");
    }

    @Test
    void fourFilesPastTheUploadBurstAllUploadByThemselvesAndGoInOneMessage() throws Exception {
        // A node allowing a burst of 2 uploads, then one every 5 s: the third and fourth file are refused for a while.
        try (Parley node = TestNode.start(TestNode.freshDataDir(), 0, Map.of(
                "parley.limits.uploads-burst", "2", "parley.limits.uploads-per-minute", "12"))) {
            URI server = TestNode.http(node);
            Peer alice = Peer.register(server, "qalice");
            Peer bob = Peer.register(server, "qbob");
            UUID room = bob.roomWith(alice);
            desktop = DesktopApp.signedIn(server, alice);
            eventually("the chat is listed", () -> desktop.vm() != null && desktop.chats().chats().size() == 1);
            desktop.robot().clickOn(bob.username());
            desktop.chatWith(bob);
            Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "queue-");
            List<String> names = List.of("one.txt", "two.txt", "three.txt", "four.txt");
            List<Path> files = new java.util.ArrayList<>();
            for (String name : names) {
                files.add(Files.writeString(dir.resolve(name), "the file called " + name));
            }

            List<Upload.State> first = fx(() -> {
                desktop.conversation().attach(files);
                return desktop.conversation().uploads().stream().map(Upload::state).toList();
            });
            assertThat(first).containsExactly(Upload.State.UPLOADING, Upload.State.UPLOADING, Upload.State.UPLOADING,
                    Upload.State.WAITING);
            eventually("a file waiting out the server's pause", () -> desktop.conversation().uploads().stream()
                    .anyMatch(u -> u.detail().equals("Too many uploads just now: retrying soon…")));
            desktop.screenshot("desktop-uploads-waiting");
            assertThat(fx(() -> desktop.conversation().canSendProperty().get())).isFalse();
            eventually("all four uploaded by themselves", () -> desktop.conversation().uploads().stream()
                    .allMatch(u -> u.state() == Upload.State.READY));
            fx(() -> {
                desktop.conversation().draftProperty().set("All four");
                desktop.conversation().send();
                return null;
            });

            eventually("bob's history holding the message", () -> bob.history(room).size() == 1);
            JsonNode last = bob.history(room).get(0);
            assertThat(List.of(last.get("content").asText(), java.util.stream.StreamSupport
                    .stream(last.get("attachments").spliterator(), false).map(a -> a.get("name").asText()).toList()))
                    .isEqualTo(List.of("All four", names));
            desktop.close();
            desktop = null;
        }
    }

    /**
     * Where the time of the bubble holding {@code media} sits against it: how far its right and bottom edges are
     * inside the media's (negative: below or right of it), and how far the bubble's bottom is below the media's.
     */
    private static Map<String, Double> timeAgainst(javafx.scene.Node media) {
        javafx.scene.Node bubble = media;
        while (!bubble.getStyleClass().contains("bubble")) {
            bubble = bubble.getParent();
        }
        javafx.geometry.Bounds meta = bubble.lookup(".bubble-meta").localToScene(
                bubble.lookup(".bubble-meta").getLayoutBounds());
        javafx.geometry.Bounds box = media.localToScene(media.getLayoutBounds());
        javafx.geometry.Bounds outer = bubble.localToScene(bubble.getLayoutBounds());
        // Siblings are drawn by view order (highest first), then in order: the later one is over the other.
        List<javafx.scene.Node> siblings = ((javafx.scene.Parent) bubble).getChildrenUnmodifiable();
        javafx.scene.Node time = bubble.lookup(".bubble-meta");
        javafx.scene.Node mediaChild = siblings.stream().filter(n -> n.getStyleClass().contains("bubble-attachments"))
                .findFirst().orElseThrow();
        boolean over = time.getViewOrder() < mediaChild.getViewOrder() || time.getViewOrder() == mediaChild.getViewOrder()
                && siblings.indexOf(time) > siblings.indexOf(mediaChild);
        return Map.of("right", box.getMaxX() - meta.getMaxX(), "bottom", box.getMaxY() - meta.getMaxY(),
                "bubbleBelow", outer.getMaxY() - box.getMaxY(), "drawnOver", over ? 1.0 : 0.0);
    }

    private static Stage viewer() {
        return Window.getWindows().stream().filter(w -> w instanceof Stage s && s.getScene() != null
                && s.getScene().getRoot().getStyleClass().contains("photo-viewer")).map(w -> (Stage) w)
                .findFirst().orElse(null);
    }

    private static javafx.scene.image.Image photoIn(Stage viewer) {
        return ((ImageView) viewer.getScene().getRoot().lookup(".viewer-photo > .image-view")).getImage();
    }

    /** A photo-like PNG: a diagonal gradient with a sun, so the screenshot shows something. */
    private static byte[] png(int width, int height, Color from, Color to) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, from, width, height, to));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(255, 236, 150));
        int sun = Math.min(width, height) / 4;
        g.fillOval(width / 2 - sun / 2, height / 3 - sun / 2, sun, sun);
        g.setColor(new Color(20, 60, 40));
        g.fillRect(0, height * 3 / 4, width, height / 4);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static void snapshot(Stage stage, String name) throws IOException {
        var image = fx(() -> stage.getScene().getRoot().snapshot(null, null));
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", dir.resolve(name + ".png").toFile());
    }
}
