package dev.parley.desktop.chat;

import dev.parley.protocol.AttachmentView;
import dev.parley.protocol.UploadedAttachment;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One file being attached to the message in the composer: its upload's progress (0 to 1), its state and, once the
 * server stored it, what it answered. A waiting upload says whether the server asked for a pause; a failed one says
 * why and whether trying again may help. FX thread only.
 */
public final class Upload {

    /** Where an upload is: waiting its turn (or the end of a pause the server asked for), under way, done, failed. */
    public enum State { WAITING, UPLOADING, READY, FAILED }

    private final Path file;
    private final String name;
    private final long size;
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.WAITING);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private boolean retryable;
    private boolean paused;
    private UploadedAttachment uploaded;
    CompletableFuture<?> running;

    Upload(Path file, String name, long size) {
        this.file = file;
        this.name = name;
        this.size = size;
    }

    /** Back in the queue: after Retry, or {@code paused} because the server refused it for a short while. */
    void waiting(boolean paused) {
        running = null;
        this.paused = paused;
        progress.set(0);
        error.set("");
        state.set(State.WAITING);
    }

    void started(CompletableFuture<?> future) {
        running = future;
        paused = false;
        state.set(State.UPLOADING);
        progress.set(0);
        error.set("");
    }

    void sent(long bytes) {
        if (state.get() == State.UPLOADING) {
            progress.set(size == 0 ? 1 : Math.min(1, (double) bytes / size));
        }
    }

    void done(UploadedAttachment answer) {
        uploaded = answer;
        running = null;
        progress.set(1);
        state.set(State.READY);
    }

    void failed(String why, boolean canRetry) {
        running = null;
        retryable = canRetry;
        error.set(why);
        state.set(State.FAILED);
    }

    Path file() {
        return file;
    }

    /** Where the file is on disk, as a URI (the preview reads the picture from it). */
    public String fileUri() {
        return file.toUri().toString();
    }

    public String name() {
        return name;
    }

    public long size() {
        return size;
    }

    /** "2.4 MB", that it waits (and why, when the server asked), or why it failed. */
    public String detail() {
        return switch (state.get()) {
            case WAITING -> paused ? "Too many uploads just now: retrying soon…" : "Waiting…";
            case FAILED -> error.get();
            case UPLOADING, READY -> AttachmentText.size(size);
        };
    }

    /** Whether Retry is offered: it failed for a reason that may pass (the network, the upload rate). */
    public boolean retryable() {
        return state.get() == State.FAILED && retryable;
    }

    /** What the server stored, once {@link State#READY}; else null. */
    public UploadedAttachment uploaded() {
        return uploaded;
    }

    /** The message's view of it before the server echoes the message (my bubble shows it at once). */
    AttachmentView view() {
        return AttachmentView.of(uploaded.attachmentUuid(), uploaded.name(), uploaded.mime(), uploaded.size(),
                uploaded.width(), uploaded.height(), uploaded.thumbnail());
    }

    public State state() {
        return state.get();
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
