package dev.parley.desktop.chat;

import static dev.parley.desktop.chat.MainViewModelTest.message;
import static dev.parley.desktop.chat.MainViewModelTest.room;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.parley.desktop.common.Formats;
import dev.parley.desktop.net.ApiException;
import dev.parley.protocol.AttachmentView;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.LimitsView;
import dev.parley.protocol.MessageView;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.UploadedAttachment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Photos and files in the signed-in window's ViewModels, wired as the app wires them, without a toolkit: Alice
 * attaches files in her chat with Bob (each uploads in turn, with progress, and may be cancelled or retried, by
 * itself after a short Retry-After), sends them with a caption, and sees photos and files in bubbles, the chat list
 * and the viewer.
 */
class AttachmentsViewModelTest {

    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    private static final UUID BOB_ROOM = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final UUID PHOTO = UUID.fromString("00000000-0000-0000-0000-0000000000f1");
    private static final UUID PDF = UUID.fromString("00000000-0000-0000-0000-0000000000f2");
    private static final UUID CAROL_ROOM = UUID.fromString("00000000-0000-0000-0000-00000000000c");
    // Dana's chat: a photo, 60 messages of text, then another photo; opened, it shows only the newest page.
    private static final UUID DANA_ROOM = UUID.fromString("00000000-0000-0000-0000-00000000000d");
    private static final AttachmentView DANA_FIRST = AttachmentView.of(UUID.fromString(
            "00000000-0000-0000-0000-0000000000d1"), "first.png", "image/png", 9, 800, 600, true);
    private static final AttachmentView DANA_LAST = AttachmentView.of(UUID.fromString(
            "00000000-0000-0000-0000-0000000000d2"), "last.png", "image/png", 9, 600, 800, true);

    @TempDir
    Path dir;

    private final FakeChatApi api = new FakeChatApi();
    private final FakeConnection socket = new FakeConnection();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final Outbox<MessageItem> outbox = new Outbox<>();
    private final MovableClock clock = new MovableClock(T0.plusSeconds(10));
    private ConversationViewModel conversation;
    private ChatListViewModel chats;
    private MainViewModel vm;
    private Path photo;
    private Path pdf;

    @BeforeEach
    void startSignedInAsAliceInBobsChat() throws IOException {
        api.rooms.add(room(BOB_ROOM, "bob", 1, 0, 1, 1, message(BOB_ROOM, 1, "bob", "send me the plan", null)));
        api.rooms.add(room(CAROL_ROOM, "carol", 1, 0, 1, 1, message(CAROL_ROOM, 1, "carol", "hey", null)));
        api.history.add(message(BOB_ROOM, 1, "bob", "send me the plan", null));
        MessageView danaLast = withAttachments(message(DANA_ROOM, 62, "dana", "", null), List.of(DANA_LAST));
        api.rooms.add(room(DANA_ROOM, "dana", 62, 0, 62, 62, danaLast));
        api.history.add(withAttachments(message(DANA_ROOM, 1, "dana", "", null), List.of(DANA_FIRST)));
        for (long seq = 2; seq <= 61; seq++) {
            api.history.add(message(DANA_ROOM, seq, "dana", "between " + seq, null));
        }
        api.history.add(danaLast);
        api.limits = new LimitsView(900, 172_800, 4096, 1024, 1000, 3);
        ConnectionStatus connection = new ConnectionStatus(scheduler);
        conversation = new ConversationViewModel("alice", api, socket, connection, outbox, Runnable::run,
                scheduler, clock, new Formats(clock));
        chats = new ChatListViewModel("alice", conversation, scheduler);
        vm = new MainViewModel("alice", api, socket, connection, outbox, chats, conversation,
                Runnable::run, scheduler);
        vm.start();
        socket.open();
        socket.receive(new ServerFrame.Synced(List.of()));
        conversation.open(chat());
        photo = file("beach.png", 400);
        pdf = file("plan.pdf", 1000);
    }

    private Path file(String name, int size) throws IOException {
        return Files.write(dir.resolve(name), new byte[size]);
    }

    private ChatItem chat() {
        return chats.allChats().stream().filter(c -> c.roomUuid().equals(BOB_ROOM)).findFirst().orElseThrow();
    }

    private static UploadedAttachment uploadedPhoto() {
        return new UploadedAttachment(PHOTO, "beach.png", "image/png", 400, 1200, 800, true);
    }

    private static UploadedAttachment uploadedPdf() {
        return new UploadedAttachment(PDF, "plan.pdf", "application/pdf", 1000, null, null, false);
    }

    private static MessageView withAttachments(MessageView view, List<AttachmentView> attachments) {
        return new MessageView(view.messageUuid(), view.content(), view.room(), view.roomUuid(), view.user(),
                view.createdAt(), view.seq(), view.clientId(), view.kind(), view.event(), view.replyTo(),
                view.editedAt(), view.deleted(), view.deletedBy(), view.reactions(), attachments);
    }

    private static AttachmentView photoView() {
        return AttachmentView.of(PHOTO, "beach.png", "image/png", 400, 1200, 800, true);
    }

    private static AttachmentView pdfView() {
        return AttachmentView.of(PDF, "plan.pdf", "application/pdf", 1000, null, null, false);
    }

    @Test
    void anAttachedFileUploadsToTheOpenChatAtOnce() {
        conversation.attach(List.of(pdf));

        assertThat(api.uploads).extracting(FakeChatApi.UploadCall::room, FakeChatApi.UploadCall::file)
                .containsExactly(tuple(BOB_ROOM, pdf));
        assertThat(conversation.uploads()).extracting(Upload::name, Upload::state)
                .containsExactly(tuple("plan.pdf", Upload.State.UPLOADING));
    }

    @Test
    void theUploadsProgressIsTheShareOfItsBytesSent() {
        conversation.attach(List.of(pdf));

        api.uploads.getFirst().sent().accept(250);

        assertThat(conversation.uploads().getFirst().progressProperty().get()).isEqualTo(0.25);
    }

    @Test
    void aDraftOverTheServersLimitSaysByHowMuchAndCannotGoUntilShortened() {
        conversation.draftProperty().set("x".repeat(4096));
        assertThat(conversation.canSendProperty().get()).isTrue();
        assertThat(conversation.lengthNoticeProperty().get()).isEmpty();

        conversation.draftProperty().set("x".repeat(4097) + "  ");

        assertThat(conversation.canSendProperty().get()).isFalse();
        assertThat(conversation.lengthNoticeProperty().get())
                .isEqualTo("Message is too long: 4,097 / 4,096 characters");
        conversation.send();
        assertThat(socket.sent(dev.parley.protocol.ClientFrame.Send.class)).isEmpty();
        assertThat(conversation.draftProperty().get()).startsWith("xxx"); // the draft stays

        conversation.draftProperty().set("x".repeat(4096));

        assertThat(conversation.canSendProperty().get()).isTrue();
        assertThat(conversation.lengthNoticeProperty().get()).isEmpty();
    }

    @Test
    void theMessageCannotGoUntilEveryFileIsUploaded() {
        conversation.attach(List.of(photo, pdf));
        api.uploads.getFirst().answer().complete(uploadedPhoto());

        assertThat(conversation.canSendProperty().get()).isFalse();
        api.uploads.get(1).answer().complete(uploadedPdf());
        assertThat(conversation.canSendProperty().get()).isTrue();
    }

    @Test
    void sendingNamesTheUploadsWithTheCaptionAndEmptiesThePreview() {
        conversation.attach(List.of(photo, pdf));
        api.uploads.get(0).answer().complete(uploadedPhoto());
        api.uploads.get(1).answer().complete(uploadedPdf());
        conversation.draftProperty().set("the plan ");

        conversation.send();

        ClientFrame.Send sent = socket.sent(ClientFrame.Send.class).getLast();
        assertThat(List.of(sent.roomUuid(), sent.content(), sent.attachments()))
                .containsExactly(BOB_ROOM, "the plan", List.of(PHOTO, PDF));
        assertThat(conversation.uploads()).isEmpty();
    }

    @Test
    void filesGoWithoutACaptionAndMyBubbleShowsThemAtOnce() {
        conversation.attach(List.of(photo));
        api.uploads.getFirst().answer().complete(uploadedPhoto());

        conversation.send();

        MessageItem mine = chat().messages().getLast();
        assertThat(List.of(mine.pending(), mine.content(), mine.attachments()))
                .containsExactly(true, "", List.of(photoView()));
        assertThat(socket.sent(ClientFrame.Send.class).getLast().content()).isEmpty();
    }

    @Test
    void cancellingAnUploadAbortsItAndTakesTheFileOff() {
        conversation.attach(List.of(pdf));

        conversation.removeUpload(conversation.uploads().getFirst());

        assertThat(api.uploads.getFirst().answer().isCancelled()).isTrue();
        assertThat(conversation.uploads()).isEmpty();
        assertThat(conversation.canSendProperty().get()).isFalse();
    }

    @Test
    void aFileOverTheServersLimitIsRefusedBeforeUploading() throws IOException {
        Path big = file("video.mp4", 1001);

        conversation.attach(List.of(big));

        assertThat(api.uploads).isEmpty();
        assertThat(conversation.uploadNoticeProperty().get()).isEqualTo("video.mp4 is larger than 1000 bytes");
    }

    @Test
    void filesPastTheCountPerMessageAreNotAttached() throws IOException {
        conversation.attach(List.of(photo, pdf, file("a.txt", 1), file("b.txt", 1)));

        assertThat(conversation.uploads()).extracting(Upload::name).containsExactly("beach.png", "plan.pdf", "a.txt");
        assertThat(conversation.uploadNoticeProperty().get()).isEqualTo("At most 3 files in one message");
    }

    @Test
    void aFileTheServerFindsTooLargeFailsWithoutRetry() {
        conversation.attach(List.of(pdf));

        api.uploads.getFirst().answer().completeExceptionally(new ApiException(413, "too_large", "too large"));

        Upload upload = conversation.uploads().getFirst();
        assertThat(List.of(upload.state(), upload.detail(), upload.retryable()))
                .containsExactly(Upload.State.FAILED, "Too large to send", false);
        assertThat(conversation.canSendProperty().get()).isFalse();
    }

    @Test
    void aRateLimitedUploadCanBeRetriedAndThenSent() {
        conversation.attach(List.of(pdf));
        api.uploads.getFirst().answer().completeExceptionally(new ApiException(429, "rate_limited", "slow down"));
        Upload upload = conversation.uploads().getFirst();
        assertThat(List.of(upload.detail(), upload.retryable()))
                .containsExactly("Too many uploads: try again in a moment", true);

        conversation.retryUpload(upload);
        api.uploads.get(1).answer().complete(uploadedPdf());

        assertThat(List.of(api.uploads.size(), upload.state(), conversation.canSendProperty().get()))
                .containsExactly(2, Upload.State.READY, true);
    }

    @Test
    void anUploadRefusedForAFewSecondsIsTriedAgainByItselfAndTheMessageCanGo() {
        conversation.attach(List.of(pdf));

        api.uploads.getFirst().answer().completeExceptionally(
                new ApiException(429, "rate_limited", "uploading too fast: at most 60 files a minute", 2L));
        scheduler.advance(Duration.ofSeconds(3)); // the 2 s asked for and the jitter (under a second)
        api.uploads.get(1).answer().complete(uploadedPdf());

        assertThat(List.of(api.uploads.size(), conversation.canSendProperty().get())).containsExactly(2, true);
    }

    @Test
    void aLostConnectionFailsTheUploadWithRetry() {
        conversation.attach(List.of(pdf));

        api.uploads.getFirst().answer().completeExceptionally(new ApiException("down", new IOException("reset")));

        Upload upload = conversation.uploads().getFirst();
        assertThat(List.of(upload.detail(), upload.retryable()))
                .containsExactly("Upload failed: check the connection", true);
    }

    @Test
    void openingAnotherChatAbortsTheUploadsOfTheMessageLeft() {
        conversation.attach(List.of(pdf));

        conversation.open(chats.allChats().stream().filter(c -> c.roomUuid().equals(CAROL_ROOM)).findFirst()
                .orElseThrow());

        assertThat(List.of(conversation.uploads().isEmpty(), api.uploads.getFirst().answer().isCancelled()))
                .containsExactly(true, true);
    }

    @Test
    void theChatListPreviewSaysPhotoOrTheFilesNameWithTheCaption() {
        assertThat(List.of(
                AttachmentText.preview("", List.of(photoView())),
                AttachmentText.preview("the view", List.of(photoView())),
                AttachmentText.preview("", List.of(photoView(), photoView())),
                AttachmentText.preview("", List.of(pdfView())),
                AttachmentText.preview("here", List.of(pdfView(), photoView())),
                AttachmentText.preview("just text", List.of())))
                .containsExactly("📷 Photo", "📷 Photo the view", "📷 2 photos", "📄 plan.pdf", "📄 plan.pdf +1 here",
                        "just text");
    }

    @Test
    void aPhotoSentWithAFileIsPreviewedByTheFilesNameNotAsTwoPhotos() {
        assertThat(List.of(
                AttachmentText.preview("", List.of(photoView(), pdfView())),
                AttachmentText.preview("tickets", List.of(photoView(), photoView(), pdfView()))))
                .containsExactly("📄 plan.pdf +1", "📄 plan.pdf +2 tickets");
    }

    @Test
    void aReceivedPhotoIsTheChatsPreviewAndItsBubblesAttachment() {
        MessageView view = withAttachments(message(BOB_ROOM, 2, "bob", "", null), List.of(photoView()));

        socket.receive(new ServerFrame.Message(view));

        MessageItem item = chat().messages().getLast();
        assertThat(List.of(item.attachments(), item.previewText(), chat().lastMessageProperty().get().previewText()))
                .containsExactly(List.of(photoView()), "📷 Photo", "📷 Photo");
    }

    @Test
    void aPhotoInAnotherChatRaisesANoticeSayingPhoto() {
        ChatItem carol = chats.allChats().stream().filter(c -> c.roomUuid().equals(CAROL_ROOM)).findFirst()
                .orElseThrow();

        socket.receive(new ServerFrame.Message(withAttachments(message(CAROL_ROOM, 2, "carol", "", null),
                List.of(photoView()))));

        assertThat(vm.notices()).containsExactly(new MainViewModel.Notice(carol, "carol", "📷 Photo", 1));
    }

    @Test
    void aDeletedMessageShowsNoAttachments() {
        MessageView view = withAttachments(message(BOB_ROOM, 2, "bob", "look", null), List.of(pdfView()));
        socket.receive(new ServerFrame.Message(view));
        MessageView gone = new MessageView(view.messageUuid(), "", view.room(), view.roomUuid(), view.user(),
                view.createdAt(), view.seq(), null, view.kind(), null, null, null, true, "bob", List.of(), List.of());

        socket.receive(new ServerFrame.Update(BOB_ROOM, 3, "delete", "bob", gone));

        assertThat(chat().messages().getLast().attachments()).isEmpty();
    }

    @Test
    void aPhotoIsShownInABoxOfItsAspectRatio() {
        assertThat(List.of(AttachmentText.box(1200, 800), AttachmentText.box(600, 1200), AttachmentText.box(100, 50)))
                .containsExactly(new double[] {260, 173}, new double[] {130, 260}, new double[] {100, 50});
    }

    @Test
    void severalPhotosMakeAnAlbumTwoSideBySideThenATwoByTwoGridWhoseFourthTileSaysPlusTheRest() {
        List<AttachmentView> photos = java.util.stream.IntStream.rangeClosed(1, 7).mapToObj(i -> AttachmentView.of(
                UUID.randomUUID(), "p" + i + ".png", "image/png", 9, 800, 600, true)).toList();
        assertThat(AttachmentText.album(photos.subList(0, 2))).extracting(t -> t.photo().name(), AttachmentText.Tile::column,
                AttachmentText.Tile::row, AttachmentText.Tile::width, AttachmentText.Tile::height, AttachmentText.Tile::more)
                .containsExactly(tuple("p1.png", 0, 0, 128.0, 128.0, 0), tuple("p2.png", 1, 0, 128.0, 128.0, 0));
        assertThat(AttachmentText.album(photos.subList(0, 3))).extracting(AttachmentText.Tile::wide,
                AttachmentText.Tile::width).containsExactly(tuple(false, 128.0), tuple(false, 128.0), tuple(true, 260.0));
        assertThat(AttachmentText.album(photos)).extracting(t -> t.photo().name(), AttachmentText.Tile::column,
                AttachmentText.Tile::row, AttachmentText.Tile::more).containsExactly(tuple("p1.png", 0, 0, 0),
                tuple("p2.png", 1, 0, 0), tuple("p3.png", 0, 1, 0), tuple("p4.png", 1, 1, 4));
    }

    @Test
    void sizesAreWordedAsPeopleReadThem() {
        assertThat(List.of(AttachmentText.size(512), AttachmentText.size(14_000), AttachmentText.size(2_500_000),
                AttachmentText.size(30_000_000))).containsExactly("512 bytes", "14 KB", "2.4 MB", "29 MB");
        assertThat(List.of(AttachmentText.size(1), AttachmentText.size(1096), AttachmentText.size(1024),
                AttachmentText.size(5L << 30))).containsExactly("1 byte", "1.1 KB", "1 KB", "5 GB");
    }

    @Test
    void theViewerMovesBetweenTheChatsLoadedPhotosAndStopsAtTheEnds() {
        AttachmentView second = AttachmentView.of(UUID.randomUUID(), "sunset.jpg", "image/jpeg", 9, 800, 600, true);
        socket.receive(new ServerFrame.Message(withAttachments(message(BOB_ROOM, 2, "bob", "", null),
                List.of(photoView(), pdfView()))));
        socket.receive(new ServerFrame.Message(withAttachments(message(BOB_ROOM, 3, "bob", "", null),
                List.of(second))));
        PhotoViewerViewModel viewer = conversation.photoViewer(photoView());
        assertThat(viewer.titleProperty().get()).isEqualTo("beach.png · 1 of 2");

        assertThat(List.of(viewer.previous(), viewer.next(), viewer.next())).containsExactly(false, true, false);
        assertThat(List.of(viewer.currentProperty().get(), viewer.titleProperty().get()))
                .containsExactly(second, "sunset.jpg · 2 of 2");
    }

    @Test
    void theViewerGoesBackPastTheOldestLoadedPhotoByLoadingOlderHistory() {
        ChatItem dana = chats.allChats().stream().filter(c -> c.roomUuid().equals(DANA_ROOM)).findFirst().orElseThrow();
        conversation.open(dana);
        PhotoViewerViewModel viewer = conversation.photoViewer(DANA_LAST);
        assertThat(List.of(dana.oldestSeq(), viewer.titleProperty().get())).containsExactly(13L, "last.png");

        assertThat(viewer.previous()).isTrue();

        assertThat(List.of(dana.oldestSeq(), viewer.currentProperty().get(), viewer.titleProperty().get()))
                .containsExactly(1L, DANA_FIRST, "first.png · 1 of 2");
        assertThat(List.of(viewer.previous(), viewer.next(), viewer.next())).containsExactly(false, true, false);
        assertThat(viewer.currentProperty().get()).isEqualTo(DANA_LAST);
    }

    @Test
    void theViewerStopsWalkingBackOnceClosed() {
        ChatItem dana = chats.allChats().stream().filter(c -> c.roomUuid().equals(DANA_ROOM)).findFirst().orElseThrow();
        conversation.open(dana);
        PhotoViewerViewModel viewer = conversation.photoViewer(DANA_LAST);
        api.pauseHistory = true;

        viewer.previous();
        viewer.close();
        api.paused.forEach(Runnable::run);

        assertThat(List.of(dana.oldestSeq(), viewer.currentProperty().get())).containsExactly(1L, DANA_LAST);
    }

    @Test
    void saveAsStreamsTheFileAndReportsProgressThenSaved() {
        Path target = dir.resolve("saved.pdf");

        Download download = conversation.download(pdfView(), target);
        FakeChatApi.DownloadCall call = api.downloads.getFirst();
        call.received().accept(500);
        double halfway = download.progressProperty().get();
        call.answer().complete(target);

        assertThat(List.of(call.url(), halfway, download.progressProperty().get(), download.statusProperty().get()))
                .containsExactly("/api/attachments/" + PDF, 0.5, 1.0, "Saved saved.pdf");
    }
}
