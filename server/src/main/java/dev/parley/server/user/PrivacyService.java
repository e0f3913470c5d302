package dev.parley.server.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.parley.protocol.SettingsView;
import dev.parley.server.cluster.ClusterBus;
import dev.parley.server.cluster.ClusterEvent;
import dev.parley.server.common.ApiException;
import dev.parley.server.common.AuthUser;
import dev.parley.server.common.RateLimit;
import io.helidon.dbclient.DbClient;
import java.time.Duration;
import dev.parley.server.common.JsonBodies;
import java.util.function.LongConsumer;

/**
 * Privacy settings: who sees my last seen and online (the queries and presence frames hide them for "nobody"), and
 * whether read receipts are exchanged in my direct chats (the receipt fan-out asks {@link #readReceipts}, cached per
 * user, dropped on every node when a user changes it, and expiring after a minute in case that was missed).
 */
public final class PrivacyService {

    private static final Duration BACKSTOP = Duration.ofMinutes(1);

    private final DbClient db;
    private final ClusterBus bus;
    private final RateLimit<Long> changes;
    private final LoadingCache<Long, SettingsView> cache;
    private LongConsumer lastSeenChanged = userId -> { };

    /** {@code burst} changes at once per user, then {@code perHour}. */
    public PrivacyService(DbClient db, ClusterBus bus, int burst, int perHour) {
        this.db = db;
        this.bus = bus;
        this.changes = new RateLimit<>(burst, perHour, Duration.ofHours(1),
                "too many settings changes: at most " + perHour + " an hour");
        this.cache = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(BACKSTOP).build(this::load);
    }

    /** Runs with a user whose last seen setting changed (presence re-tells them to their contacts). */
    public void onLastSeenChanged(LongConsumer listener) {
        this.lastSeenChanged = listener;
    }

    public SettingsView settings(AuthUser user) {
        return load(user.id());
    }

    /** Whether the user exchanges read receipts in direct chats. */
    public boolean readReceipts(long userId) {
        return cache.get(userId).readReceipts();
    }

    /**
     * Applies a {@code PATCH /api/me/settings/} body: any subset of {@code last_seen} ("contacts" or "nobody") and
     * {@code read_receipts} (a boolean). Anything else is a 400 and changes nothing.
     */
    public SettingsView update(AuthUser user, JsonNode body) {
        JsonBodies.requireObjectOf(body, "settings are last_seen and read_receipts",
                java.util.Set.of("last_seen", "read_receipts"));
        JsonNode lastSeen = body.get("last_seen");
        if (lastSeen != null && !(lastSeen.isTextual() && (lastSeen.textValue().equals(SettingsView.CONTACTS)
                || lastSeen.textValue().equals(SettingsView.NOBODY)))) {
            throw ApiException.validation("last_seen must be \"contacts\" or \"nobody\"");
        }
        JsonNode receipts = body.get("read_receipts");
        if (receipts != null && !receipts.isBoolean()) {
            throw ApiException.validation("read_receipts must be true or false");
        }
        changes.acquire(user.id());
        SettingsView before = load(user.id());
        SettingsView after = db.execute().createNamedGet("update-settings")
                .addParam("user_id", user.id())
                .addParam("set_last_seen", lastSeen != null)
                .addParam("last_seen", lastSeen == null ? null : lastSeen.textValue())
                .addParam("set_read_receipts", receipts != null)
                .addParam("read_receipts", receipts != null && receipts.booleanValue())
                .execute()
                .map(PrivacyService::settings)
                .orElseThrow(() -> new IllegalStateException("no user " + user.id()));
        cache.invalidate(user.id());
        bus.publish(new ClusterEvent.SettingsChanged(user.id()));
        if (!before.lastSeen().equals(after.lastSeen())) {
            lastSeenChanged.accept(user.id());
        }
        return after;
    }

    /** A user changed their settings on another node: forget what is cached here. */
    public void changedElsewhere(long userId) {
        cache.invalidate(userId);
    }

    private SettingsView load(long userId) {
        return db.execute().createNamedGet("select-settings")
                .addParam("user_id", userId)
                .execute()
                .map(PrivacyService::settings)
                .orElseThrow(() -> new IllegalStateException("no user " + userId));
    }

    private static SettingsView settings(io.helidon.dbclient.DbRow row) {
        return new SettingsView(row.column("last_seen_privacy").get(String.class),
                row.column("read_receipts").get(Boolean.class));
    }
}
