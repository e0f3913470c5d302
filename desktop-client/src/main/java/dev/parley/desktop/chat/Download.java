package dev.parley.desktop.chat;

import dev.parley.desktop.net.ApiException;
import dev.parley.desktop.net.ChatApi;
import dev.parley.protocol.AttachmentView;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One Save as…: a file streamed to disk off the FX thread, its progress (0 to 1) and what became of it ("Saved",
 * or why not). Starts when made; {@link #cancel} aborts it. Properties change on the FX thread only.
 */
public final class Download {

    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Saving…");
    private final CompletableFuture<Path> future;

    Download(ChatApi api, Executor fx, AttachmentView attachment, Path target) {
        long size = Math.max(1, attachment.size());
        future = api.download(attachment.url(), target,
                bytes -> fx.execute(() -> progress.set(Math.min(1, (double) bytes / size))));
        future.whenComplete((path, failure) -> fx.execute(() -> {
            if (failure == null) {
                progress.set(1);
                status.set("Saved " + path.getFileName());
            } else if (!future.isCancelled()) {
                status.set(ApiException.of(failure).getMessage());
            } else {
                status.set("Cancelled");
            }
        }));
    }

    public void cancel() {
        future.cancel(true);
    }

    public boolean done() {
        return future.isDone();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
