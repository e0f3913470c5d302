package dev.parley.server.room;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.parley.protocol.AttachmentView;
import dev.parley.protocol.EventView;
import dev.parley.protocol.Json;
import dev.parley.protocol.MessageView;
import java.util.List;

/**
 * The JSON a room's log is read with: an event's stored form (the {@code event} jsonb column, as text), a message's
 * reactions as {@code message_reactions_json} groups them and its attachments as {@code message_attachments_json}
 * lists them.
 */
public final class EventJson {

    private static final TypeReference<List<MessageView.Reaction>> REACTIONS = new TypeReference<>() {
    };

    private static final TypeReference<List<AttachmentView>> ATTACHMENTS = new TypeReference<>() {
    };

    private EventJson() {
    }

    /** The reactions {@code message_reactions_json} returned; none for null (a message nobody reacted to). */
    public static List<MessageView.Reaction> reactions(String json) {
        return list(json, REACTIONS, "reactions");
    }

    /** The attachments {@code message_attachments_json} returned; none for null (a message without any). */
    public static List<AttachmentView> attachments(String json) {
        return list(json, ATTACHMENTS, "attachments");
    }

    private static <T> List<T> list(String json, TypeReference<List<T>> type, String what) {
        if (json == null) {
            return List.of();
        }
        try {
            return Json.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stored " + what + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The event stored as {@code json}, or null for a message (no event). */
    public static EventView read(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Json.mapper().readValue(json, EventView.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stored event: " + e.getOriginalMessage(), e);
        }
    }

    public static String write(EventView event) {
        return Json.write(event);
    }
}
