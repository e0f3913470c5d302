package dev.parley.desktop.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.SettingsView;
import org.junit.jupiter.api.Test;

/** My profile in the desktop client: loaded at start, edited in the drawer with the server's rules checked first. */
class ProfileViewModelTest {

    private final FakeChatApi api = new FakeChatApi();
    private final ProfileViewModel profile = new ProfileViewModel("alice", api, Runnable::run);

    @Test
    void withoutADisplayNameIAmCalledByMyUsername() {
        profile.load();

        assertThat(profile.shownNameProperty().get()).isEqualTo("alice");
        assertThat(profile.displayNameProperty().get()).isNull();
    }

    @Test
    void savingSendsTheTrimmedFieldsAnEmptyOneAsClearedAndShowsMyNewName() {
        profile.open();
        profile.nameInputProperty().set("  Alice Liddell ");
        profile.aboutInputProperty().set("   ");

        profile.save();

        assertThat(api.calls).containsExactly("profile Alice Liddell | null");
        assertThat(profile.shownNameProperty().get()).isEqualTo("Alice Liddell");
        assertThat(profile.nameInputProperty().get()).isEqualTo("Alice Liddell");
        assertThat(profile.statusProperty().get()).isEqualTo("Saved");
    }

    @Test
    void aNameTooLongIsRefusedBesideItsFieldWithoutAskingTheServer() {
        profile.open();
        profile.nameInputProperty().set("🫖".repeat(65));

        profile.save();

        assertThat(api.calls).isEmpty();
        assertThat(profile.nameLeftProperty().get()).isEqualTo(-1);
        assertThat(profile.nameErrorProperty().get()).isEqualTo("Your name is too long: at most 64 characters.");
        assertThat(profile.aboutErrorProperty().get()).isEmpty();
    }

    @Test
    void controlCharactersAndAnAboutPast140CharactersAreRefused() {
        profile.open();
        profile.nameInputProperty().set("Alice\tLiddell");
        profile.aboutInputProperty().set("x".repeat(141));

        profile.save();

        assertThat(api.calls).isEmpty();
        assertThat(profile.nameErrorProperty().get())
                .isEqualTo("Your name can't contain line breaks or control characters.");
        assertThat(profile.aboutErrorProperty().get()).isEqualTo("About is too long: at most 140 characters.");
    }

    @Test
    void aChangeMadeOnAnotherOfMyDevicesIsShownAndOthersChangesAreNotMine() {
        profile.changed("bob", "Bob Builder", "Can we fix it?");
        assertThat(profile.shownNameProperty().get()).isEqualTo("alice");

        profile.changed("alice", "Alice Liddell", "At the tea party");

        assertThat(profile.shownNameProperty().get()).isEqualTo("Alice Liddell");
        assertThat(profile.aboutProperty().get()).isEqualTo("At the tea party");
    }

    @Test
    void openingReadsThePrivacySettingsAndAChangeIsSavedAtOnce() {
        api.settings = new SettingsView(SettingsView.NOBODY, true);

        profile.open();

        assertThat(profile.lastSeenProperty().get()).isEqualTo(SettingsView.NOBODY);
        assertThat(profile.settingsReadyProperty().get()).isTrue();
        assertThat(api.calls).isEmpty(); // showing the server's values saves nothing

        profile.readReceiptsProperty().set(false);

        assertThat(api.calls).containsExactly("settings nobody false");
        assertThat(profile.settingsStatusProperty().get()).isEqualTo("Saved");
    }

    @Test
    void theBoxesStayUsableWhileAChoiceIsSavedAndAChoiceMadeMeanwhileIsSavedAfterIt() {
        profile.open();
        java.util.concurrent.CompletableFuture<SettingsView> first = new java.util.concurrent.CompletableFuture<>();
        api.settingsAnswer = first;

        profile.lastSeenProperty().set(SettingsView.NOBODY);
        boolean usableWhileSaving = profile.settingsReadyProperty().get();
        profile.readReceiptsProperty().set(false);
        java.util.List<String> whileSaving = java.util.List.copyOf(api.calls);
        first.complete(new SettingsView(SettingsView.NOBODY, true));

        assertThat(usableWhileSaving).isTrue();
        assertThat(whileSaving).containsExactly("settings nobody true");
        assertThat(api.calls).containsExactly("settings nobody true", "settings nobody false");
        assertThat(profile.readReceiptsProperty().get()).isFalse(); // the first answer did not undo the newer choice
        assertThat(profile.settingsStatusProperty().get()).isEqualTo("Saved");
    }
}
