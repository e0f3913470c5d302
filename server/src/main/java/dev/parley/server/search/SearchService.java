package dev.parley.server.search;

import dev.parley.protocol.MessageView;
import dev.parley.protocol.SearchPage;
import dev.parley.server.common.ApiException;
import dev.parley.server.common.AuthUser;
import dev.parley.server.common.RateLimit;
import dev.parley.server.message.MessageService;
import dev.parley.server.room.RoomRef;
import dev.parley.server.room.RoomService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Message search: the caller's messages that match, newest first, each as history shows it to them, with a snippet.
 * Only what they may see (their rooms, within their visible ranges: {@link SearchRepository}), and every candidate
 * checked again against the message as it is now (the index follows the log a moment behind): a deleted message, or
 * one edited since it was indexed, is not shown. Searches per user are rate-limited.
 */
public final class SearchService {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 50;
    /** Rounds of candidates read for one page when some did not survive the check (rare: edits and deletes). */
    private static final int MAX_ROUNDS = 3;

    /** How many searches a user may make: a burst, then so many a second. */
    public record Limits(int burst, int perSecond) {
    }

    private final SearchRepository repository;
    private final RoomService rooms;
    private final MessageService messages;
    private final RateLimit<Long> rate;

    public SearchService(DataSource pool, RoomService rooms, MessageService messages, Limits limits) {
        this.repository = new SearchRepository(pool);
        this.rooms = rooms;
        this.messages = messages;
        this.rate = new RateLimit<>(limits.burst(), limits.perSecond(), Duration.ofSeconds(1),
                "searching too fast: at most " + limits.perSecond() + " searches a second");
    }

    /**
     * A page of {@code user}'s messages matching {@code q}, in the room {@code roomUuid} (null: in all their rooms),
     * older than the cursor {@code before} (null: from the newest), at most {@code limit} (null: the default).
     */
    public SearchPage search(AuthUser user, String q, UUID roomUuid, String before, Integer limit) {
        SearchQuery query = SearchQuery.parse(q);
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ApiException.validation("limit must be between 1 and " + MAX_LIMIT);
        }
        Cursor cursor = before == null || before.isEmpty() ? null : Cursor.parse(before);
        long roomId = roomUuid == null ? 0 : rooms.require(user, roomUuid).id(); // strangers: 404
        rate.acquire(user.id());
        List<SearchPage.Hit> hits = new ArrayList<>();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            int wanted = size - hits.size();
            List<SearchRepository.Candidate> candidates = repository.candidates(user.id(), query, roomId, cursor,
                    wanted + 1);
            boolean more = candidates.size() > wanted;
            List<SearchRepository.Candidate> page = more ? candidates.subList(0, wanted) : candidates;
            int before0 = hits.size();
            hits.addAll(shown(user, query, page));
            if (!more) {
                return new SearchPage(hits, null);
            }
            cursor = page.getLast().cursor();
            if (hits.size() - before0 == page.size()) {
                break; // every candidate shown: the page is full
            }
        }
        return new SearchPage(hits, cursor.token());
    }

    /** The candidates that survive the check against the messages as they are now, in order, as hits. */
    private List<SearchPage.Hit> shown(AuthUser user, SearchQuery query, List<SearchRepository.Candidate> page) {
        Map<Long, List<Long>> seqsByRoom = new LinkedHashMap<>();
        for (SearchRepository.Candidate candidate : page) {
            seqsByRoom.computeIfAbsent(candidate.roomId(), id -> new ArrayList<>()).add(candidate.seq());
        }
        Map<Long, Map<Long, MessageView>> views = messages.seenBy(user, seqsByRoom);
        List<SearchPage.Hit> hits = new ArrayList<>();
        for (SearchRepository.Candidate candidate : page) {
            MessageView view = views.getOrDefault(candidate.roomId(), Map.of()).get(candidate.seq());
            if (view == null || view.deleted() || view.roomEvent()) {
                continue; // not theirs to see (the cache knew better than a moment ago), or deleted since indexed
            }
            if (!candidate.oldText() && !Objects.equals(view.editedAt(),
                    candidate.editedAt() == null ? null : candidate.editedAt().toInstant())) {
                continue; // edited since it was indexed: its new text is indexed a moment later
            }
            RoomRef room = rooms.byId(candidate.roomId());
            hits.add(new SearchPage.Hit(view, new SearchPage.RoomRef(room.uuid(), view.room(), room.kind().wire()),
                    Snippets.of(snippetText(view, query), query)));
        }
        return hits;
    }

    /** The message's text, or (when the match is only in a file name) its attachments' names. */
    private static String snippetText(MessageView view, SearchQuery query) {
        if (!view.attachments().isEmpty() && !Snippets.matchesAny(view.content(), query)) {
            String names = String.join(", ", view.attachments().stream().map(a -> a.name()).toList());
            if (Snippets.matchesAny(names, query) || view.content().isEmpty()) {
                return names;
            }
        }
        return view.content();
    }
}
