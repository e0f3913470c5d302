package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /api/search/?q=}: one page of the caller's messages that match, newest first ({@code results}), and
 * {@code next}, the opaque cursor that {@code before=} takes for the next (older) page, null after the last page.
 * A page may hold fewer results than the limit asked for while {@code next} is not null: keep paging until it is.
 */
public record SearchPage(List<Hit> results, @JsonInclude(JsonInclude.Include.ALWAYS) String next) {

    public SearchPage {
        results = List.copyOf(results);
    }

    /**
     * One matching message: the {@code message} as the caller sees it (the same view as history), the {@code room}
     * it is in, and a {@code snippet} of its text around the first match, as consecutive parts of plain text of
     * which those with {@code match} true are to be highlighted. The parts are text, never markup: a client renders
     * each as text (escaped) and wraps the matches, so a message holding HTML cannot inject any.
     */
    public record Hit(MessageView message, RoomRef room, List<SnippetPart> snippet) {
        public Hit {
            requireNonNull(message, "message");
            requireNonNull(room, "room");
            snippet = List.copyOf(snippet);
        }
    }

    /**
     * The room of a hit: its uuid, name ({@code roomName}, for a direct room the pair's name as in the room list)
     * and {@code kind} ("direct" or "group").
     */
    public record RoomRef(UUID roomUuid, String roomName, String kind) {
        public RoomRef {
            requireNonNull(roomUuid, "room_uuid");
            requireNonNull(roomName, "room_name");
            requireNonNull(kind, "kind");
        }
    }

    /** A run of a snippet's text; {@code match}: whether it is (part of) what the search matched. */
    public record SnippetPart(String text, boolean match) {
        public SnippetPart {
            requireNonNull(text, "text");
        }
    }
}
