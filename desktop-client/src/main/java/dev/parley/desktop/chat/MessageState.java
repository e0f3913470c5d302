package dev.parley.desktop.chat;

import dev.parley.protocol.AttachmentView;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.MessageView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a message shows that its actions change: its text, when it was last edited, whether it was deleted for
 * everyone and by whom ({@code deletedBy}: its sender or a group admin; null when not deleted, or when the server's
 * view did not say), the reactions grouped by emoji (in the order first used) the quote of the message it answers and its photos and files (none once deleted).
 * Immutable; {@link #with} is how this client foresees an action of mine before the server's update confirms it.
 */
record MessageState(String content, Instant editedAt, boolean deleted, String deletedBy,
                    List<MessageView.Reaction> reactions, MessageView.Quote quote, List<AttachmentView> attachments) {

    MessageState {
        reactions = List.copyOf(reactions);
        attachments = List.copyOf(attachments);
    }

    static MessageState of(MessageView view) {
        return new MessageState(view.content(), view.editedAt(), view.deleted(), view.deletedBy(), view.reactions(),
                view.replyTo(), view.attachments());
    }

    /** A message of mine as written: unedited, without reactions, quoting {@code quote} (or nothing), with its uploads. */
    static MessageState written(String content, MessageView.Quote quote, List<AttachmentView> attachments) {
        return new MessageState(content, null, false, null, List.of(), quote, attachments);
    }

    /** This state with {@code me}'s action applied, as the server would apply it at {@code now}. */
    MessageState with(ClientFrame.Action action, String me, Instant now) {
        if (deleted) {
            return this; // final: the server refuses every action on it
        }
        return switch (action) {
            case ClientFrame.Edit edit -> new MessageState(edit.content(), now, false, null, reactions, quote,
                    attachments);
            case ClientFrame.Delete delete -> new MessageState("", null, true, me, List.of(), null, List.of());
            case ClientFrame.React react -> new MessageState(content, editedAt, false, null,
                    reacted(reactions, me, react.emoji()), quote, attachments);
        };
    }

    /** The reactions with {@code user}'s one reaction set to {@code emoji}, or removed when it is null. */
    static List<MessageView.Reaction> reacted(List<MessageView.Reaction> reactions, String user, String emoji) {
        List<MessageView.Reaction> result = new ArrayList<>();
        boolean added = false;
        for (MessageView.Reaction r : reactions) {
            List<String> users = new ArrayList<>(r.users());
            users.remove(user);
            if (r.emoji().equals(emoji)) {
                users.add(user);
                added = true;
            }
            if (!users.isEmpty()) {
                result.add(new MessageView.Reaction(r.emoji(), users.size(), users));
            }
        }
        if (emoji != null && !added) {
            result.add(new MessageView.Reaction(emoji, 1, List.of(user)));
        }
        return result;
    }

    /** The emoji {@code user} reacted with, or null. */
    String reactionOf(String user) {
        return reactions.stream().filter(r -> r.users().contains(user)).map(MessageView.Reaction::emoji)
                .findFirst().orElse(null);
    }

    /** The quote brought up to date with the message it quotes, {@code original} (as it is now). */
    MessageState requoting(MessageView original) {
        if (quote == null || quote.seq() != original.seq()) {
            return this;
        }
        // A reader who could not see the original gets no text of it now either.
        String text = quote.content() == null ? null : excerpt(original.content());
        return new MessageState(content, editedAt, deleted, deletedBy, reactions,
                new MessageView.Quote(quote.seq(), quote.user(), text, original.deleted()), attachments);
    }

    /** What a quote carries of a message's text: its first 200 characters (whole code points). */
    static String excerpt(String text) {
        if (text.length() <= MessageView.Quote.MAX_CONTENT) {
            return text;
        }
        int end = MessageView.Quote.MAX_CONTENT;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }
}
