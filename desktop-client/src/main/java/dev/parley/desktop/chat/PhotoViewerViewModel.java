package dev.parley.desktop.chat;

import dev.parley.protocol.AttachmentView;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The full-size photo viewer: the photos of the chat's messages in the order sent, the one shown and its caption line
 * ("name · 2 of 5", counted once the chat's whole history is loaded); Left and Right move between them. Left at the
 * oldest loaded photo pages in the chat's older history (as scrolling up does) until an older photo turns up or
 * there is none; Right stops at the newest. The photos are read from the chat at every step, since history grows
 * while the viewer is open. FX thread only.
 */
public final class PhotoViewerViewModel {

    private final ChatItem chat;
    private final Supplier<CompletableFuture<Void>> loadOlder;
    private final ReadOnlyObjectWrapper<AttachmentView> current = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private List<AttachmentView> photos;
    private int index;
    private boolean paging;
    private boolean closed;

    /** {@code loadOlder} fetches the page before the oldest loaded message of {@code chat} (the open chat). */
    PhotoViewerViewModel(ChatItem chat, AttachmentView first, Supplier<CompletableFuture<Void>> loadOlder) {
        this.chat = chat;
        this.loadOlder = loadOlder;
        photos = List.of(first);
        current.set(first);
        refresh();
        show();
    }

    /** Right: the next photo; false at the last. */
    public boolean next() {
        return move(1);
    }

    /**
     * Left: the previous photo; at the oldest loaded one, the older history is loaded to find it (true while that
     * is on its way); false at the chat's first photo.
     */
    public boolean previous() {
        refresh();
        if (index > 0 || !hasOlder()) {
            return move(-1);
        }
        if (!paging) {
            paging = true;
            title.set(current.get().name() + " · Loading older photos…");
            pageBack(current.get());
        }
        return true;
    }

    /** The viewer has closed: a walk back through the history stops after the page on its way. */
    public void close() {
        closed = true;
    }

    /** One older page at a time until a photo older than {@code from} is loaded, there is none, or a page fails. */
    private void pageBack(AttachmentView from) {
        long oldest = chat.oldestSeq();
        loadOlder.get().thenRun(() -> {
            if (closed || current.get() != from) {
                paging = false;
                return;
            }
            refresh();
            if (index > 0) {
                paging = false;
                move(-1);
            } else if (hasOlder() && chat.oldestSeq() < oldest) {
                pageBack(from);
            } else {
                paging = false; // the chat's first photo, or the page failed (the conversation says why)
                show();
            }
        });
    }

    private boolean hasOlder() {
        return chat != null && chat.loaded() && chat.hasOlderProperty().get();
    }

    /** The chat's photos as they are now, and the shown one's place among them (older ones may have arrived). */
    private void refresh() {
        AttachmentView shown = current.get();
        List<AttachmentView> loaded = chat == null ? List.of() : chat.messages().stream()
                .flatMap(m -> m.attachments().stream()).filter(AttachmentText::photo).toList();
        for (int i = 0; i < loaded.size(); i++) {
            if (loaded.get(i).attachmentUuid().equals(shown.attachmentUuid())) {
                photos = loaded;
                index = i;
                return;
            }
        }
        photos = List.of(shown); // not among the loaded messages (deleted meanwhile): shown alone
        index = 0;
    }

    private boolean move(int step) {
        refresh();
        int next = index + step;
        if (next < 0 || next >= photos.size()) {
            return false;
        }
        index = next;
        show();
        return true;
    }

    private void show() {
        AttachmentView photo = photos.get(index);
        current.set(photo);
        boolean counted = photos.size() > 1 && !hasOlder();
        title.set(counted ? photo.name() + " · " + (index + 1) + " of " + photos.size() : photo.name());
    }

    public ReadOnlyObjectProperty<AttachmentView> currentProperty() {
        return current.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }
}
