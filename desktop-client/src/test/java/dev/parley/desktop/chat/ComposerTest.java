package dev.parley.desktop.chat;

import static dev.parley.desktop.chat.MainViewModelTest.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Alice's composer on its own: what counts as her typing, and the draft an edit sets aside. */
class ComposerTest {

    private static final UUID BOB_ROOM = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    private final Composer composer = new Composer();
    private final MessageItem bobs = MessageItem.stored(message(BOB_ROOM, 1, "bob", "hi alice", null), "alice");
    private final MessageItem mine = MessageItem.stored(message(BOB_ROOM, 2, "alice", "hi bob", "c-0"), "alice");
    private final MessageItem newest = MessageItem.stored(message(BOB_ROOM, 3, "alice", "bye", "c-1"), "alice");

    @Test
    void onlyTheUsersOwnTextOutsideAnEditIsTyping() {
        List<Boolean> typing = new ArrayList<>();
        composer.textProperty().addListener((obs, old, text) -> typing.add(composer.typing(text)));

        composer.replaceText("a kept draft"); // the app restores a chat's draft
        composer.textProperty().set("a kept draft, and more");
        composer.textProperty().set("");
        composer.edit(mine); // the edit's text comes in
        composer.textProperty().set("hi bob!");

        assertThat(typing).containsExactly(false, true, false, false, false);
    }

    @Test
    void whileEditingTheChatsDraftIsTheTextSetAsideAndCancellingGivesItBack() {
        composer.textProperty().set("half a thought");
        composer.edit(mine);
        composer.textProperty().set("hi bob, how are you?");
        String draftWhileEditing = composer.draft();

        composer.cancel();

        assertThat(List.of(draftWhileEditing, composer.text())).containsExactly("half a thought", "half a thought");
    }

    @Test
    void upEditsTheNewestMessageThatMayBeEdited() {
        boolean edited = composer.editNewest(List.of(bobs, mine, newest), item -> item.mine() && item != newest);

        assertThat(edited).isTrue();
        assertThat(List.of(composer.edited(), composer.text())).containsExactly(mine, "hi bob");
    }

    @Test
    void upWithNoMessageThatMayBeEditedLeavesTheComposerWriting() {
        boolean edited = composer.editNewest(List.of(bobs), MessageItem::mine);

        assertThat(edited).isFalse();
        assertThat(composer.modeProperty().get()).isEqualTo(ComposerMode.WRITE);
    }
}
