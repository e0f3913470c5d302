package dev.parley.server.room;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.parley.protocol.EventView;
import dev.parley.protocol.Json;

/** An event's stored form: the {@code event} jsonb column of a room's log, as text. */
public final class EventJson {

    private EventJson() {
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
