package dev.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.Api;
import dev.parley.server.TestServer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * Profiles in the browser (issue 17): Alice edits her name and About in the Profile drawer, which says what is wrong
 * before saving; Bob, signed in elsewhere, sees her new name in his chat list, headers and group event lines at once.
 */
class WebProfileTest {

    private static ChromeDriver aliceBrowser;
    private static ChromeDriver bobBrowser;
    private static ChatPage alicePage;
    private static ChatPage bobPage;

    @BeforeAll
    static void startBrowsers() {
        aliceBrowser = Chrome.start();
        bobBrowser = Chrome.start();
        alicePage = new ChatPage(aliceBrowser, TestServer.http());
        bobPage = new ChatPage(bobBrowser, TestServer.http());
    }

    @AfterAll
    static void stopBrowsers() {
        for (ChromeDriver browser : new ChromeDriver[] {aliceBrowser, bobBrowser}) {
            if (browser != null) {
                browser.quit();
            }
        }
    }

    @Test
    void aliceSavesHerProfileAndBobSeesHerNewNameEverywhereWithoutAReload() {
        Api api = Api.shared();
        Api.User alice = api.register("wpf");
        Api.User bob = api.register("wpfb");
        Api.User dave = api.register("wpfd");
        UUID direct = api.room(alice, bob);
        api.post("/api/messages/", alice.token(), Map.of("room", direct.toString(), "content", "hi bob"));
        UUID group = api.group(alice, "Tea party", bob);
        api.post("/api/rooms/" + group + "/members/", alice.token(), Map.of("users", List.of(dave.username())));
        bobPage.startFresh();
        bobPage.signIn(bob.username(), "password-" + bob.username());
        bobPage.openChat(group.toString(), "Tea party");
        bobPage.await("the event line", () -> bobPage.eventLines().contains(alice.username() + " added "
                + dave.username()));
        alicePage.startFresh();
        alicePage.signIn(alice.username(), "password-" + alice.username());

        alicePage.byTestId("profile-open").click();
        alicePage.await("the profile drawer with the cursor in the name", () -> alicePage.visible("profile-panel")
                && "profile-name".equals(alicePage.focused()));
        alicePage.byTestId("profile-name").sendKeys("x".repeat(65));
        alicePage.byTestId("profile-save").click();
        assertThat(alicePage.text("profile-name-error")).isEqualTo("Your name is too long: at most 64 characters.");
        assertThat(alicePage.text("profile-name-counter")).isEqualTo("-1");
        alicePage.screenshot("web-profile-error");
        alicePage.byTestId("profile-name").sendKeys(Keys.chord(Keys.CONTROL, "a"), "Alice Liddell");
        alicePage.byTestId("profile-about").sendKeys("At the tea party");
        alicePage.byTestId("profile-save").click();

        alicePage.await("saved", () -> "Saved.".equals(alicePage.text("profile-status")));
        assertThat(alicePage.visible("profile-name-error")).isFalse();
        assertThat(alicePage.text("me")).isEqualTo("Alice Liddell");
        alicePage.screenshot("web-profile");
        bobPage.await("the event line with her new name", () -> bobPage.eventLines()
                .contains("Alice Liddell added " + dave.username()));
        bobPage.await("the chat list with her new name", () -> "Alice Liddell".equals(bobPage.script(
                "return document.querySelector(`[data-testid=chat-item][data-room='${arguments[0]}'] "
                        + "[data-testid=chat-name]`)?.textContent", direct.toString())));
        bobPage.openChat(direct.toString(), "Alice Liddell");
        bobPage.await("her About in the header", () -> bobPage.visible("header-about")
                && "At the tea party".equals(bobPage.text("header-about")));
        bobPage.screenshot("web-profile-contact");
    }

    @Test
    void reactionsAnAdminsDeleteAndTheBlockMenuNameAliceByHerDisplayName() {
        Api api = Api.shared();
        Api.User alice = api.register("wpr");
        Api.User bob = api.register("wprb");
        Api.User carol = api.register("wprc");
        api.patch("/api/me", alice.token(), Map.of("display_name", "Alice Liddell"));
        UUID group = api.group(alice, "Croquet", bob, carol);
        String ball = api.post("/api/messages/", bob.token(), Map.of("room", group.toString(), "content",
                "Where is the ball?")).json().get("message_uuid").asText();
        String rude = api.post("/api/messages/", carol.token(), Map.of("room", group.toString(), "content",
                "Off with their heads")).json().get("message_uuid").asText();
        assertThat(api.put("/api/messages/" + ball + "/reaction/", alice.token(), Map.of("emoji", "👍")).status())
                .isBetween(200, 204);
        assertThat(api.delete("/api/messages/" + rude + "/", alice.token()).status()).isBetween(200, 204);
        UUID direct = api.room(alice, bob);
        bobPage.startFresh();
        bobPage.signIn(bob.username(), "password-" + bob.username());

        bobPage.openChat(group.toString(), "Croquet");
        bobPage.await("alice's reaction", () -> bobPage.visible("reaction-chip"));
        assertThat(bobPage.byTestId("reaction-chip").getAttribute("title")).isEqualTo("Alice Liddell");
        bobPage.awaitBubble("This message was deleted by Alice Liddell");
        assertThat(bobPage.preview(group.toString())).endsWith("This message was deleted by Alice Liddell");
        bobPage.openChat(direct.toString(), "Alice Liddell");
        bobPage.byTestId("chat-menu-button").click();
        bobPage.await("the chat menu", () -> bobPage.visible("block-menu-item"));
        assertThat(bobPage.text("block-menu-item")).isEqualTo("Block Alice Liddell");
        bobPage.byTestId("block-menu-item").click();
        bobPage.await("the confirmation", () -> bobPage.visible("block-dialog"));
        assertThat(bobPage.script("return document.querySelector('#block-dialog-title').textContent"))
                .isEqualTo("Block Alice Liddell?");
        bobPage.byTestId("block-confirm").click();
        bobPage.await("the notice", () -> bobPage.visible("blocked-notice"));
        assertThat(bobPage.text("blocked-text")).isEqualTo("You blocked Alice Liddell. Unblock to send a message.");
    }

    @Test
    void newChatShowsADisplayNameWithTheUsernameAndTheAbout() {
        Api api = Api.shared();
        Api.User alice = api.register("wpn");
        Api.User carol = api.register("wpnc");
        api.patch("/api/me", carol.token(), Map.of("display_name", "Carol Cheshire", "about", "Grinning"));
        alicePage.startFresh();
        alicePage.signIn(alice.username(), "password-" + alice.username());

        alicePage.byTestId("new-chat").click();
        alicePage.await("the search field", () -> alicePage.visible("user-search"));
        alicePage.byTestId("user-search").sendKeys(carol.username());

        alicePage.await("carol found", () -> Boolean.TRUE.equals(alicePage.script(
                "return !!document.querySelector(`[data-testid=user-result][data-user='${arguments[0]}'] "
                        + "[data-testid=person-about]`)", carol.username())));
        assertThat(alicePage.script("""
                const row = document.querySelector(`[data-testid=user-result][data-user='${arguments[0]}']`);
                return [row.querySelector('[data-testid=person-name]').textContent,
                        row.querySelector('[data-testid=person-username]').textContent,
                        row.querySelector('[data-testid=person-about]').textContent];""", carol.username()))
                .isEqualTo(List.of("Carol Cheshire", "@" + carol.username(), "Grinning"));
    }

    @Test
    void addMembersShowsADisplayNameWithTheUsernameAndTheAboutAsNewChatDoes() {
        Api api = Api.shared();
        Api.User alice = api.register("wpg");
        Api.User bob = api.register("wpgb");
        Api.User carol = api.register("wpgc");
        api.patch("/api/me", carol.token(), Map.of("display_name", "Carol Cheshire", "about", "Grinning"));
        String group = api.group(alice, "Tea party", bob).toString();
        alicePage.startFresh();
        alicePage.signIn(alice.username(), "password-" + alice.username());
        alicePage.openChat(group, "Tea party");
        alicePage.openGroupInfo();
        alicePage.byTestId("group-add-member").click();

        alicePage.await("the search for people to add", () -> "group-add-search".equals(alicePage.focused()));
        alicePage.byTestId("group-add-search").sendKeys(carol.username());

        alicePage.await("carol found", () -> Boolean.TRUE.equals(alicePage.script(
                "return !!document.querySelector(`[data-testid=group-add-result][data-user='${arguments[0]}'] "
                        + "[data-testid=person-about]`)", carol.username())));
        assertThat(alicePage.script("""
                const row = document.querySelector(`[data-testid=group-add-result][data-user='${arguments[0]}']`);
                return [row.querySelector('[data-testid=person-name]').textContent,
                        row.querySelector('[data-testid=person-username]').textContent,
                        row.querySelector('[data-testid=person-about]').textContent];""", carol.username()))
                .isEqualTo(List.of("Carol Cheshire", "@" + carol.username(), "Grinning"));
        assertThat(alicePage.script("""
                const name = document.querySelector(`[data-testid=group-add-result][data-user='${arguments[0]}'] \
                [data-testid=person-name]`);
                const text = document.createRange();
                text.selectNodeContents(name);
                return text.getBoundingClientRect().width <= name.getBoundingClientRect().width;""", carol.username()))
                .as("the name whole in the narrow panel: the username gives way").isEqualTo(true);
        alicePage.screenshot("web-add-members-about");
    }

    @Test
    void aliceHidesHerLastSeenAndTurnsReadReceiptsOffAndBobSeesNeither() {
        Api api = Api.shared();
        Api.User alice = api.register("wpp");
        Api.User bob = api.register("wppb");
        UUID direct = api.room(alice, bob);
        alicePage.startFresh();
        alicePage.signIn(alice.username(), "password-" + alice.username());
        bobPage.startFresh();
        bobPage.signIn(bob.username(), "password-" + bob.username());
        bobPage.openChat(direct.toString(), alice.username());
        bobPage.await("alice online", () -> "online".equals(bobPage.text("presence")));

        alicePage.byTestId("profile-open").click();
        alicePage.await("the privacy settings", () -> alicePage.byTestId("privacy-last-seen").isEnabled());
        assertThat(alicePage.byTestId("privacy-read-receipts").isSelected()).isTrue();
        new Select(alicePage.byTestId("privacy-last-seen")).selectByValue("nobody");
        alicePage.await("saved", () -> "Saved.".equals(alicePage.text("privacy-status"))
                && alicePage.byTestId("privacy-read-receipts").isEnabled());
        alicePage.byTestId("privacy-read-receipts").click();
        alicePage.await("saved again", () -> "Saved.".equals(alicePage.text("privacy-status"))
                && !alicePage.byTestId("privacy-read-receipts").isSelected());
        // The box keeps the focus while its choice is saved (a focused box turned disabled lost it to the page).
        assertThat(alicePage.focused()).as("the focus after ticking").isEqualTo("privacy-read-receipts");
        alicePage.screenshot("web-privacy");

        bobPage.await("alice's presence gone from his header", () -> !bobPage.visible("presence"));
        bobPage.send("did you read this?");
        bobPage.awaitBubble("did you read this?", "delivered", b -> "delivered".equals(b.status()));
        alicePage.byTestId("profile-back").click();
        alicePage.openChat(direct.toString(), bob.username());
        alicePage.awaitBubble("did you read this?");
        alicePage.await("read here: no unread badge",
                () -> "".equals(alicePage.unreadBadge(direct.toString())));
        alicePage.send("read it, no blue ticks");
        bobPage.awaitBubble("read it, no blue ticks");
        assertThat(bobPage.awaitBubble("did you read this?").status()).isEqualTo("delivered");
        assertThat(api.get("/api/me/settings/", alice.token()).json().toString())
                .isEqualTo("{\"last_seen\":\"nobody\",\"read_receipts\":false}");
    }
}
