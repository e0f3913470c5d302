package dev.parley.desktop.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.SearchPage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;

/** The rows of one search: each message once, deleted ones gone for good, a refresh changing only what differs. */
class SearchResultsTest {

    private static final UUID ROOM = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

    private final SearchResults results = new SearchResults();

    private static SearchResult result(long seq, String text) {
        return new SearchResult(new UUID(0, seq), ROOM, "bob", false, seq, "bob", false, T0.plusSeconds(seq),
                List.of(new SearchPage.SnippetPart(text, false)));
    }

    private List<String> texts() {
        return results.view().stream().map(SearchResult::text).toList();
    }

    @Test
    void aRefreshRemovesReplacesAndInsertsOnlyTheRowsThatDiffer() {
        SearchResult four = result(4, "four");
        SearchResult three = result(3, "three");
        SearchResult one = result(1, "one");
        results.add(List.of(four, three, result(2, "two"), one));
        List<String> changes = new ArrayList<>();
        results.view().addListener((ListChangeListener<SearchResult>) change -> {
            while (change.next()) {
                changes.add((change.wasReplaced() ? "replaced " : change.wasAdded() ? "added " : "removed ")
                        + change.getFrom());
            }
        });

        results.replace(List.of(result(5, "five"), four, result(3, "three, edited"), one));

        assertThat(texts()).containsExactly("five", "four", "three, edited", "one");
        assertThat(results.view().get(1)).isSameAs(four);
        assertThat(results.view().get(3)).isSameAs(one);
        assertThat(changes).containsExactly("removed 2", "added 0", "replaced 2");
    }

    @Test
    void aDeletedMessageNeverComesBackWithAPageOrARefreshThatWasOnItsWay() {
        SearchResult two = result(2, "two");
        results.add(List.of(two, result(1, "one")));

        boolean showed = results.delete(two.messageUuid());
        int added = results.add(List.of(two));
        results.replace(List.of(two, result(1, "one")));

        assertThat(showed).isTrue();
        assertThat(added).isZero();
        assertThat(texts()).containsExactly("one");
        assertThat(results.contains(two.messageUuid())).isFalse();
    }
}
