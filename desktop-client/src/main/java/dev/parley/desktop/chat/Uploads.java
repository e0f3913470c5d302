package dev.parley.desktop.chat;

import dev.parley.desktop.common.Formats;
import dev.parley.desktop.common.Scheduler;
import dev.parley.desktop.net.ApiException;
import dev.parley.desktop.net.ChatApi;
import dev.parley.protocol.AttachmentView;
import dev.parley.protocol.LimitsView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The files attached to the message being written in the open chat (the preview over the composer): each waits its
 * turn, at most {@link #AT_ONCE} uploading at once in the order added, with progress, and may be cancelled (removed)
 * or, when it failed for a passing reason, tried again. A 429 whose Retry-After is short (the upload rate, uploads at
 * once) puts the file back in line and pauses the line for that long, plus a little jitter, after which uploads start
 * one at a time until the server takes one; a longer one (the quota of files not sent) fails with the server's words. The message can go once every one is uploaded. Files over the
 * server's size limit, or past its count per message, are refused before anything is sent. FX thread only: progress
 * and answers hop over through {@code fx}, the end of a pause comes through the {@link Scheduler}.
 */
final class Uploads {

    /** Uploads under way at once; the server allows a user 4. */
    static final int AT_ONCE = 3;
    /** The longest Retry-After waited out by itself: the quota's hint is the hours before unsent files expire. */
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(60);
    /** Added at random to a Retry-After, up to this much, so that two clients told the same come back apart. */
    static final Duration JITTER = Duration.ofSeconds(1);

    private final ChatApi api;
    private final Executor fx;
    private final Scheduler scheduler;
    private final Supplier<Duration> jitter;
    private final Supplier<UUID> room;
    private final ObservableList<Upload> items = FXCollections.observableArrayList();
    /** One wrapper for every listener: a wrapper listens to {@code items} weakly, so it must live as long as they do. */
    private final ObservableList<Upload> readOnlyItems = FXCollections.unmodifiableObservableList(items);
    private final ReadOnlyBooleanWrapper ready = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private LimitsView limits = MessageActions.DEFAULT_LIMITS;
    /** While the server asked for a pause, the end of it; a newer pause replaces it (the server's latest word). */
    private Scheduler.Cancellable pause;
    private int pauses;
    /** After a pause, uploads start one at a time until the server takes one: {@code probe} is the one under way. */
    private boolean probing;
    private Upload probe;

    Uploads(ChatApi api, Executor fx, Scheduler scheduler, Supplier<UUID> room) {
        this(api, fx, scheduler, () -> Duration.ofMillis(ThreadLocalRandom.current().nextLong(JITTER.toMillis())),
                room);
    }

    /** {@code jitter}: what is added to each pause (tests fix it). */
    Uploads(ChatApi api, Executor fx, Scheduler scheduler, Supplier<Duration> jitter, Supplier<UUID> room) {
        this.api = api;
        this.fx = fx;
        this.scheduler = scheduler;
        this.jitter = jitter;
        this.room = room;
    }

    void limits(LimitsView serverLimits) {
        limits = serverLimits;
    }

    /** Attaches {@code files} (the chooser's, dropped or pasted) and queues their uploads. */
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
            items.add(new Upload(file, file.getFileName().toString(), size));
        }
        startWaiting();
        refresh();
    }

    /** Tries a failed upload again: it goes back in line where it was added. */
    void retry(Upload upload) {
        if (upload.retryable() && items.contains(upload)) {
            upload.waiting(false);
            startWaiting();
            refresh();
        }
    }

    /** Removes a file from the message, aborting its upload if it is under way (a waiting one never starts). */
    void remove(Upload upload) {
        if (upload.running != null) {
            upload.running.cancel(true);
        }
        if (upload == probe) {
            probe = null;
        }
        items.remove(upload);
        notice.set("");
        startWaiting();
        refresh();
    }

    /** Empties the preview (the message went, or another chat opened): uploads under way are aborted. */
    void clear() {
        List<Upload> all = List.copyOf(items);
        items.clear(); // first: no waiting file may take the place of an aborted one
        probe = null;
        all.stream().filter(u -> u.running != null).forEach(u -> u.running.cancel(true));
        notice.set("");
        refresh();
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

    /**
     * Starts waiting uploads in the order added while fewer than {@link #AT_ONCE} run, unless a pause holds; after a
     * pause, one at a time until the server takes one.
     */
    private void startWaiting() {
        if (pause != null) {
            return;
        }
        long running = items.stream().filter(u -> u.state() == Upload.State.UPLOADING).count();
        for (Upload upload : List.copyOf(items)) {
            if (running >= AT_ONCE || probe != null) {
                return;
            }
            if (upload.state() == Upload.State.WAITING) {
                start(upload);
                running++;
                probe = probing ? upload : null;
            }
        }
    }

    private void start(Upload upload) {
        UUID target = room.get();
        var future = api.upload(target, upload.file(), bytes -> fx.execute(() -> upload.sent(bytes)));
        upload.started(future);
        future.whenComplete((answer, failure) -> fx.execute(() -> {
            if (upload.running != future) {
                return; // cancelled, or started again meanwhile
            }
            if (upload == probe) {
                probe = null;
            }
            if (failure == null) {
                probing = false; // the server takes uploads again: as many at once as usual
                upload.done(answer);
            } else {
                failed(upload, failure);
            }
            startWaiting();
            refresh();
        }));
    }

    private void failed(Upload upload, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof CancellationException) {
            return;
        }
        ApiException error = ApiException.of(cause);
        Long hint = error.retryAfterSeconds();
        if (error.status() == 429 && hint != null && hint > 0 && hint <= LONGEST_PAUSE.toSeconds()) {
            // Too many uploads just now: the others would be refused too (the limits are the user's), so all wait.
            upload.waiting(true);
            pause(Duration.ofSeconds(hint).plus(jitter.get()));
            return;
        }
        switch (error.code()) {
            case "too_large" -> upload.failed("Too large to send", false);
            // A long Retry-After is the quota of files not sent yet: the server says what to do (send, or wait).
            case "rate_limited" -> upload.failed(hint != null && hint > 0 ? Formats.sentence(error.getMessage())
                    : "Too many uploads: try again in a moment", true);
            case "not_found", "forbidden" -> upload.failed("You can't send files to this chat", false);
            default -> upload.failed(error.status() == 0 || ApiException.UNREACHABLE.equals(error.code())
                    ? "Upload failed: check the connection" : "Upload failed: " + error.getMessage(), true);
        }
    }

    private void pause(Duration length) {
        if (pause != null) {
            pause.cancel();
        }
        int which = ++pauses;
        pause = scheduler.schedule(length, () -> {
            if (which == pauses) { // a task already on its way when a newer pause replaced it does nothing
                pause = null;
                probing = true;
                startWaiting();
                refresh();
            }
        });
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
