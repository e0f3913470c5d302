package dev.parley.desktop.chat;

import dev.parley.desktop.net.ApiException;
import dev.parley.desktop.net.ChatApi;
import dev.parley.protocol.AttachmentView;
import dev.parley.protocol.LimitsView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The files attached to the message being written in the open chat (the preview over the composer): each uploads as
 * soon as it is added, with progress, and may be cancelled (removed) or, when it failed for a passing reason, tried
 * again. The message can go once every one is uploaded. Files over the server's size limit, or past its count per
 * message, are refused before anything is sent. FX thread only: progress hops over through {@code fx}.
 */
final class Uploads {

    private final ChatApi api;
    private final Executor fx;
    private final Supplier<UUID> room;
    private final ObservableList<Upload> items = FXCollections.observableArrayList();
    /** One wrapper for every listener: a wrapper listens to {@code items} weakly, so it must live as long as they do. */
    private final ObservableList<Upload> readOnlyItems = FXCollections.unmodifiableObservableList(items);
    private final ReadOnlyBooleanWrapper ready = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private LimitsView limits = MessageActions.DEFAULT_LIMITS;

    Uploads(ChatApi api, Executor fx, Supplier<UUID> room) {
        this.api = api;
        this.fx = fx;
        this.room = room;
    }

    void limits(LimitsView serverLimits) {
        limits = serverLimits;
    }

    /** Attaches {@code files} (the chooser's, dropped or pasted) and starts uploading them. */
    void add(List<Path> files) {
        notice.set("");
        for (Path file : files) {
            if (items.size() >= limits.maxAttachmentsPerMessage()) {
                notice.set("At most " + limits.maxAttachmentsPerMessage() + " files in one message");
                break;
            }
            long size;
            try {
                size = Files.size(file);
            } catch (IOException e) {
                notice.set("Can't read " + file.getFileName());
                continue;
            }
            if (size > limits.maxAttachmentBytes()) {
                notice.set(file.getFileName() + " is larger than " + AttachmentText.size(limits.maxAttachmentBytes()));
                continue;
            }
            Upload upload = new Upload(file, file.getFileName().toString(), size);
            items.add(upload);
            start(upload);
        }
        refresh();
    }

    /** Tries a failed upload again. */
    void retry(Upload upload) {
        if (upload.retryable() && items.contains(upload)) {
            start(upload);
            refresh();
        }
    }

    /** Removes a file from the message, aborting its upload if it is under way. */
    void remove(Upload upload) {
        if (upload.running != null) {
            upload.running.cancel(true);
        }
        items.remove(upload);
        notice.set("");
        refresh();
    }

    /** Empties the preview (the message went, or another chat opened): uploads under way are aborted. */
    void clear() {
        List.copyOf(items).forEach(this::remove);
    }

    /** The uploaded files, in the order added, for the send. */
    List<UUID> uuids() {
        return items.stream().map(u -> u.uploaded().attachmentUuid()).toList();
    }

    List<AttachmentView> views() {
        return items.stream().map(Upload::view).toList();
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    private void start(Upload upload) {
        UUID target = room.get();
        var future = api.upload(target, upload.file(), bytes -> fx.execute(() -> upload.sent(bytes)));
        upload.started(future);
        future.whenComplete((answer, failure) -> fx.execute(() -> {
            if (upload.running != future) {
                return; // cancelled, or started again meanwhile
            }
            if (failure == null) {
                upload.done(answer);
            } else {
                failed(upload, failure);
            }
            refresh();
        }));
    }

    private static void failed(Upload upload, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof CancellationException) {
            return;
        }
        ApiException error = ApiException.of(cause);
        switch (error.code()) {
            case "too_large" -> upload.failed("Too large to send", false);
            case "rate_limited" -> upload.failed("Too many uploads: try again in a moment", true);
            case "not_found", "forbidden" -> upload.failed("You can't send files to this chat", false);
            default -> upload.failed(error.status() == 0 || ApiException.UNREACHABLE.equals(error.code())
                    ? "Upload failed: check the connection" : "Upload failed: " + error.getMessage(), true);
        }
    }

    private void refresh() {
        ready.set(!items.isEmpty() && items.stream().allMatch(u -> u.state() == Upload.State.READY));
    }

    /** The files attached, in order. */
    ObservableList<Upload> items() {
        return readOnlyItems;
    }

    /** Whether there are files and every one is uploaded: the message may go. */
    ReadOnlyBooleanProperty readyProperty() {
        return ready.getReadOnlyProperty();
    }

    /** Why a file was not attached (too large, too many), until the next change; empty otherwise. */
    ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }
}
