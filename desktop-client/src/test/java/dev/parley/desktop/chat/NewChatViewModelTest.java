package dev.parley.desktop.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.UserView;
import org.junit.jupiter.api.Test;

/** "New chat" asks the server only once something is typed: the server lists people by a prefix, never everyone. */
class NewChatViewModelTest {

    @Test
    void anEmptySearchAsksNobodyAndSaysWhatToTypeThenTypingSearches() {
        FakeChatApi api = new FakeChatApi();
        NewChatViewModel newChat = new NewChatViewModel("alice", api, Runnable::run, room -> null);

        newChat.show();

        assertThat(api.calls).noneMatch(call -> call.startsWith("users"));
        assertThat(newChat.results()).isEmpty();
        assertThat(newChat.messageProperty().get()).isEqualTo("Type the start of a name to find people");

        newChat.queryProperty().set("Bo");

        assertThat(api.calls).containsExactly("users bo");
        assertThat(newChat.results()).extracting(UserView::username).containsExactly("bo_found");
        assertThat(newChat.messageProperty().get()).isEmpty();

        newChat.queryProperty().set("  ");

        assertThat(api.calls).containsExactly("users bo");
        assertThat(newChat.results()).isEmpty();
    }

    @Test
    void openingWithANameSearchesForItAtOnce() {
        FakeChatApi api = new FakeChatApi();
        NewChatViewModel newChat = new NewChatViewModel("alice", api, Runnable::run, room -> null);

        newChat.show("Dave");

        assertThat(newChat.openProperty().get()).isTrue();
        assertThat(newChat.queryProperty().get()).isEqualTo("Dave");
        assertThat(api.calls).containsExactly("users dave");
        assertThat(newChat.results()).extracting(UserView::username).containsExactly("dave_found");
    }
}
