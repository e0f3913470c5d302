package dev.parley.desktop.chat;

import java.util.List;

/**
 * Where a chat's unread messages started when it was opened (before reading moved the watermark): the chat opens
 * there, under an "N unread messages" divider that stays while it is open, until I send something there. Membership
 * events and my own messages (from another device) are never unread: the divider goes above the first message of
 * someone else after the mark.
 */
public record UnreadMark(long afterSeq, int count) {

    /** The divider's text. */
    public String label() {
        return count == 1 ? "1 unread message" : count + " unread messages";
    }

    /** Whether the divider goes right above {@code items.get(index)}: the first unread stored message after the mark. */
    public boolean startsAt(List<MessageItem> items, int index) {
        if (!unread(items.get(index))) {
            return false;
        }
        for (int i = index - 1; i >= 0; i--) {
            MessageItem previous = items.get(i);
            if (unread(previous)) {
                return false; // an earlier one has it (my own messages and events may lie between)
            }
            if (!previous.pending() && previous.seq() <= afterSeq) {
                return true; // back before the mark: nothing earlier is unread
            }
        }
        return true;
    }

    private boolean unread(MessageItem message) {
        return !message.event() && !message.mine() && !message.pending() && message.seq() > afterSeq;
    }

    /** The index the divider goes above, or -1 when none of these messages is after the mark. */
    public int index(List<MessageItem> items) {
        for (int i = 0; i < items.size(); i++) {
            if (unread(items.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
