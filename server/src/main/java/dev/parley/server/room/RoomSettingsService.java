package dev.parley.server.room;

import dev.parley.protocol.ChatSettingsRequest;
import dev.parley.protocol.RoomView;
import dev.parley.server.cluster.ClusterBus;
import dev.parley.server.cluster.ClusterEvent;
import dev.parley.server.common.ApiException;
import dev.parley.server.common.AuthUser;
import dev.parley.server.common.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Each member's own settings of a chat (pin, mute, archive, marked unread, cleared history), stored once so that every
 * device agrees: a change is told to all the user's connections, on every node, as a {@code room} frame of their view.
 * Members and former members alike (a former group member still manages their old chat); nobody else learns the room
 * exists (404).
 */
public final class RoomSettingsService {

    /** A mute ends at most this far ahead; longer is "forever". */
    private static final Duration LONGEST_MUTE = Duration.ofDays(3660);

    private final RoomService rooms;
    private final RoomSettingsRepository settings;
    private final ClusterBus bus;
    private final RateLimit<Long> changes;

    public RoomSettingsService(RoomService rooms, DataSource pool, ClusterBus bus, int changesPerMinute) {
        this.rooms = rooms;
        this.settings = new RoomSettingsRepository(pool);
        this.bus = bus;
        this.changes = new RateLimit<>(changesPerMinute, changesPerMinute, Duration.ofMinutes(1),
                "too many chat setting changes: at most " + changesPerMinute + " a minute");
    }

    /**
     * Changes the fields of {@code body} that are set ({@code muteGiven}: {@code muted_until} was in the body, null
     * meaning unmute) and returns the room as the caller now sees it. Invalid input changes nothing (400); a fourth
     * pin is refused (409).
     */
    public RoomView update(AuthUser user, UUID roomUuid, ChatSettingsRequest body, boolean muteGiven) {
        RoomRef room = rooms.require(user, roomUuid);
        if (body.pinned() == null && !muteGiven && body.archived() == null && body.markedUnread() == null
                && body.clearedSeq() == null) {
            throw ApiException.validation("nothing to change: give pinned, muted_until, archived, marked_unread or "
                    + "cleared_seq");
        }
        if (Boolean.TRUE.equals(body.pinned()) && Boolean.TRUE.equals(body.archived())) {
            throw ApiException.validation("an archived chat cannot be pinned: give pinned or archived, not both");
        }
        if (body.clearedSeq() != null && body.clearedSeq() < 0) {
            throw ApiException.validation("cleared_seq must not be negative");
        }
        String mutedUntil = muteGiven ? muteEnd(body.mutedUntil()) : null;
        changes.acquire(user.id());
        settings.apply(room.id(), user.id(), new RoomSettingsRepository.Change(body.pinned(), muteGiven, mutedUntil,
                body.archived(), body.markedUnread(), body.clearedSeq()));
        tell(room.id(), user.id());
        return rooms.view(user, roomUuid);
    }

    /** The user read the room: it is no longer marked unread (their devices are told when it was). */
    public void read(long roomId, long userId) {
        if (settings.clearMarkedUnread(roomId, userId)) {
            tell(roomId, userId);
        }
    }

    private void tell(long roomId, long userId) {
        rooms.announce(rooms.byId(roomId), List.of(userId));
        bus.publish(new ClusterEvent.RoomSettingsChanged(roomId, userId));
    }

    /** The stored form of a mute's end: "infinity", an ISO instant in the future, or null (unmute). */
    private static String muteEnd(String given) {
        if (given == null) {
            return null;
        }
        if (RoomView.FOREVER.equals(given)) {
            return "infinity";
        }
        Instant until;
        try {
            until = OffsetDateTime.parse(given).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.validation("muted_until must be an ISO time such as 2026-12-01T08:00:00Z, \""
                    + RoomView.FOREVER + "\" or null");
        }
        Instant now = Instant.now();
        if (!until.isAfter(now)) {
            throw ApiException.validation("muted_until must be in the future (null unmutes)");
        }
        if (until.isAfter(now.plus(LONGEST_MUTE))) {
            throw ApiException.validation("muted_until is more than ten years ahead: use \"" + RoomView.FOREVER + "\"");
        }
        return until.toString();
    }
}
