package dev.parley.desktop.chat;

import dev.parley.protocol.AttachmentView;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The full-size photo viewer: the photos of the chat's loaded messages in the order sent (taken when it opens), the
 * one shown and its caption line ("name · 2 of 5"); Left and Right move between them and stop at the ends. FX
 * thread only.
 */
public final class PhotoViewerViewModel {

    private final List<AttachmentView> photos;
    private final ReadOnlyObjectWrapper<AttachmentView> current = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private int index;

    PhotoViewerViewModel(ChatItem chat, AttachmentView first) {
        List<AttachmentView> loaded = chat == null ? List.of() : chat.messages().stream()
                .flatMap(m -> m.attachments().stream()).filter(AttachmentText::photo).toList();
        photos = loaded.stream().anyMatch(p -> p.attachmentUuid().equals(first.attachmentUuid())) ? loaded
                : List.of(first);
        index = 0;
        for (int i = 0; i < photos.size(); i++) {
            if (photos.get(i).attachmentUuid().equals(first.attachmentUuid())) {
                index = i;
            }
        }
        show();
    }

    /** Right: the next photo; false at the last. */
    public boolean next() {
        return move(1);
    }

    /** Left: the previous photo; false at the first. */
    public boolean previous() {
        return move(-1);
    }

    private boolean move(int step) {
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
        title.set(photos.size() > 1 ? photo.name() + " · " + (index + 1) + " of " + photos.size() : photo.name());
    }

    public ReadOnlyObjectProperty<AttachmentView> currentProperty() {
        return current.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }
}
