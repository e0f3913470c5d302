package dev.parley.desktop.chat;

import dev.parley.protocol.SearchPage;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One message a search found, as its row shows it: the chat's name as the chat list words it (the other person's for
 * a direct chat), who wrote it ("You" for mine), when, and the server's snippet of its text as runs of plain text, the
 * matched ones to be highlighted (never markup). {@code messageUuid} tells one found message from another across
 * searches of the same query (a result refreshed after an edit is the same result).
 */
public record SearchResult(UUID messageUuid, UUID roomUuid, String chatName, boolean group, long seq, String sender,
                           boolean mine, Instant at, List<SearchPage.SnippetPart> snippet) {

    public SearchResult {
        snippet = List.copyOf(snippet);
    }

    /**
     * The row of {@code hit} for {@code me}: named by {@code chat} when this client lists it, else by the room's
     * name in the hit; a hit without a snippet shows the message's text, unhighlighted.
     */
    static SearchResult of(SearchPage.Hit hit, ChatItem chat, String me) {
        String name = chat != null ? chat.name() : hit.room().roomName();
        boolean group = chat != null ? chat.group() : "group".equals(hit.room().kind());
        List<SearchPage.SnippetPart> snippet = hit.snippet().isEmpty()
                ? List.of(new SearchPage.SnippetPart(AttachmentText.preview(hit.message().content(),
                        hit.message().attachments()), false))
                : hit.snippet();
        boolean mine = hit.message().user().equals(me);
        return new SearchResult(hit.message().messageUuid(), hit.room().roomUuid(), name, group,
                hit.message().seq(), mine ? "You" : hit.message().user(), mine, hit.message().createdAt(), snippet);
    }

    /**
     * What the snippet starts with where results of every chat are listed: "You: " for mine (in a direct chat too,
     * where the chat's name alone would say it was the other person's), the sender's name in a group, else nothing.
     */
    public String prefix() {
        return mine || group ? sender + ": " : "";
    }

    /** The snippet's text as one line, without its highlights. */
    public String text() {
        StringBuilder text = new StringBuilder();
        snippet.forEach(part -> text.append(part.text()));
        return text.toString().replace('\n', ' ');
    }
}
