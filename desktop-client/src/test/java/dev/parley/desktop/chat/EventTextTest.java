package dev.parley.desktop.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.EventView;
import java.util.List;
import org.junit.jupiter.api.Test;

/** System lines say "You" and "you" for the reader, as WhatsApp words them. */
class EventTextTest {

    private static String line(String actor, String action, List<String> users, String name, String role) {
        return EventText.describe(new EventView(action, actor, users, name, role), "alice", "fallback");
    }

    @Test
    void theReaderIsYouAsActorAndAsTarget() {
        assertThat(line("alice", EventView.ADDED, List.of("bob", "carol"), null, null))
                .isEqualTo("You added bob and carol");
        assertThat(line("bob", EventView.ADDED, List.of("alice"), null, null)).isEqualTo("bob added you");
        assertThat(line("bob", EventView.REMOVED, List.of("alice"), null, null)).isEqualTo("bob removed you");
        assertThat(line("alice", EventView.LEFT, List.of("alice"), null, null)).isEqualTo("You left");
        assertThat(line("bob", EventView.LEFT, List.of("bob"), null, null)).isEqualTo("bob left");
    }

    @Test
    void peopleAreNamedByTheirDisplayNamesWhereSetAndTheReaderStaysYou() {
        java.util.Map<String, String> shown = java.util.Map.of("bob", "Bob Builder", "carol", "Carol C");

        String line = EventText.describe(new EventView(EventView.ADDED, "bob", List.of("carol", "alice", "dave"), null,
                null), "alice", "fallback", u -> shown.getOrDefault(u, u));

        assertThat(line).isEqualTo("Bob Builder added Carol C, you and dave");
    }

    @Test
    void renamesAndRolesSayWhatChanged() {
        assertThat(line("bob", EventView.RENAMED, List.of(), "Trip 2027", null))
                .isEqualTo("bob renamed the group to \"Trip 2027\"");
        assertThat(line("bob", EventView.CREATED, List.of("alice"), "Trip", null))
                .isEqualTo("bob created the group \"Trip\"");
        assertThat(line("bob", EventView.ROLE_CHANGED, List.of("carol"), null, "admin"))
                .isEqualTo("bob made carol an admin");
        assertThat(line("bob", EventView.ROLE_CHANGED, List.of("alice"), null, "member"))
                .isEqualTo("bob dismissed you as admin");
        assertThat(line("bob", EventView.ROLE_CHANGED, List.of("alice"), null, "owner"))
                .isEqualTo("You are now the owner");
        assertThat(line("bob", EventView.ROLE_CHANGED, List.of("carol"), null, "owner"))
                .isEqualTo("carol is now the owner");
    }

    @Test
    void manyNamesAreCountedAndAnUnknownActionKeepsTheServersWords() {
        assertThat(line("bob", EventView.ADDED, List.of("c1", "c2", "c3", "c4", "c5", "c6", "c7"), null, null))
                .isEqualTo("bob added c1, c2, c3, c4 and 3 others");
        assertThat(line("bob", "pinned", List.of(), null, null)).isEqualTo("fallback");
    }
}
