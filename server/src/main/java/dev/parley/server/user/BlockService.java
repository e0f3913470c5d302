package dev.parley.server.user;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.parley.protocol.BlockedUserView;
import dev.parley.protocol.Json;
import dev.parley.protocol.ServerFrame;
import dev.parley.server.cluster.ClusterBus;
import dev.parley.server.cluster.ClusterEvent;
import dev.parley.server.common.ApiException;
import dev.parley.server.common.AuthUser;
import dev.parley.server.realtime.ConnectionHub;
import io.helidon.dbclient.DbClient;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Blocking: who may reach whom. A block stops the blocked user's messages, typing and receipts reaching the blocker
 * (the blocker cannot send to them either until they unblock) and hides presence both ways. Every check reads the
 * database through a per-user cache of block partners that is dropped on every node when a block changes (the bus),
 * and expires after a minute in case that notification was lost. Written for any room: a group adds a member with
 * {@link #requireCanReach} and filters its relays with {@link #visibleTo}, exactly like a direct room.
 */
public final class BlockService {

    private static final Duration BACKSTOP = Duration.ofMinutes(1);

    private final BlockRepository blocks;
    private final UserRepository users;
    private final PresenceRepository presence;
    private final ConnectionHub hub;
    private final ClusterBus bus;
    /** User id → everyone in a block with them (true: the user blocked them; false: they blocked the user). */
    private final LoadingCache<Long, Map<Long, Boolean>> partners;

    public BlockService(DbClient db, UserRepository users, PresenceRepository presence,
                        ConnectionHub hub, ClusterBus bus) {
        this.blocks = new BlockRepository(db);
        this.users = users;
        this.presence = presence;
        this.hub = hub;
        this.bus = bus;
        this.partners = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterWrite(BACKSTOP)
                .build(new CacheLoader<>() {
                    @Override
                    public Map<Long, Boolean> load(Long userId) {
                        return blocks.partners(userId);
                    }

                    @Override
                    public Map<Long, Map<Long, Boolean>> loadAll(Set<? extends Long> userIds) {
                        return blocks.partners(List.copyOf(userIds));
                    }
                });
    }

    /** The caller blocks {@code username}; blocking again changes nothing. */
    public void block(AuthUser user, String username) {
        UserRepository.UserRow other = other(user, username);
        if (blocks.insert(user.id(), other.id())) {
            changed(user.id(), other.id());
        }
    }

    /** The caller unblocks {@code username}; unblocking someone not blocked changes nothing. */
    public void unblock(AuthUser user, String username) {
        UserRepository.UserRow other = other(user, username);
        if (blocks.delete(user.id(), other.id())) {
            changed(user.id(), other.id());
        }
    }

    /** The people the caller blocked, by name. */
    public List<BlockedUserView> blocked(AuthUser user) {
        return blocks.blockedBy(user.id());
    }

    /** Whether {@code blockerId} blocked {@code blockedId}. */
    public boolean blocks(long blockerId, long blockedId) {
        return Boolean.TRUE.equals(partners.get(blockerId).get(blockedId));
    }

    /**
     * Refuses (403) when the sender may not reach {@code otherId}: they blocked them (and must unblock first), or
     * were blocked by them.
     */
    public void requireCanReach(AuthUser sender, long otherId, String otherName) {
        Boolean blockedByUser = partners.get(sender.id()).get(otherId);
        if (Boolean.TRUE.equals(blockedByUser)) {
            throw ApiException.forbidden("you blocked " + otherName + ": unblock them to send a message");
        }
        if (Boolean.FALSE.equals(blockedByUser)) {
            throw ApiException.forbidden("you can't message this person");
        }
    }

    /** The recipients in no block with {@code userId}, either way: who may see that user's typing, receipts, presence. */
    public List<Long> visibleTo(long userId, Collection<Long> recipients) {
        Map<Long, Boolean> hidden = partners.get(userId);
        if (hidden.isEmpty()) {
            return List.copyOf(recipients);
        }
        return recipients.stream().filter(id -> !hidden.containsKey(id)).toList();
    }

    /** Loads the blocks of all these users that are not known here yet, in one query (before many {@link #visibleTo}). */
    public void prefetch(Collection<Long> userIds) {
        partners.getAll(userIds);
    }

    /** A block between these two changed on another node: forget it here and re-tell presence. */
    public void changedElsewhere(long blockerId, long blockedId) {
        refresh(blockerId, blockedId);
    }

    private void changed(long blockerId, long blockedId) {
        refresh(blockerId, blockedId);
        bus.publish(new ClusterEvent.BlockChanged(blockerId, blockedId));
    }

    private void refresh(long blockerId, long blockedId) {
        partners.invalidate(blockerId);
        partners.invalidate(blockedId);
        tellBlocker(blockerId, blockedId);
        tellPresence(blockerId, blockedId);
        tellPresence(blockedId, blockerId);
    }

    /** Tells the blocker's connections here (each of their devices) whether they now block {@code blockedId}. */
    private void tellBlocker(long blockerId, long blockedId) {
        if (hub.connections(List.of(blockerId)).isEmpty()) {
            return;
        }
        ServerFrame.Block frame = new ServerFrame.Block(users.username(blockedId), blocks(blockerId, blockedId));
        hub.send(List.of(blockerId), Json.write(frame), null);
    }

    /** Sends {@code viewer}'s connections here {@code subject}'s presence as they may now see it, if they share a room. */
    private void tellPresence(long viewer, long subject) {
        if (hub.connections(List.of(viewer)).isEmpty() || !users.coMemberIds(viewer).contains(subject)) {
            return;
        }
        ServerFrame.Presence frame;
        if (partners.get(viewer).containsKey(subject)) {
            frame = new ServerFrame.Presence(users.username(subject), false, null);
        } else {
            PresenceRepository.State state = presence.state(subject);
            frame = new ServerFrame.Presence(state.username(), state.online(), state.lastSeen());
        }
        hub.send(List.of(viewer), Json.write(frame), null);
    }

    private UserRepository.UserRow other(AuthUser user, String username) {
        String name = Usernames.normalise(username);
        if (name.equals(user.username())) {
            throw ApiException.validation("you cannot block yourself");
        }
        return Usernames.valid(name).flatMap(users::findByName)
                .orElseThrow(() -> ApiException.notFound("no user named '" + username + "'"));
    }
}
