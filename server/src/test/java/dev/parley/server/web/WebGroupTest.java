package dev.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.parley.server.Api;
import dev.parley.server.TestServer;
import dev.parley.server.web.ChatPage.Bubble;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * Group chats in three real headless Chromium browsers against the shared node: making a group, who said what,
 * ticks from every member's watermarks, message info (also of those who left), adding someone who then sees only what
 * follows, removing someone who can no longer write, exiting, renaming, typing names and what only admins are offered.
 * The browsers are shared by the tests and reset (cookies, localStorage) before each; each test signs in fresh users.
 */
class WebGroupTest {

    private static ChromeDriver[] browsers;
    private static ChatPage first;
    private static ChatPage second;
    private static ChatPage third;
    private final Api api = Api.shared();

    @BeforeAll
    static void startBrowsers() {
        browsers = new ChromeDriver[] {Chrome.start(), Chrome.start(), Chrome.start()};
        first = new ChatPage(browsers[0], TestServer.http());
        second = new ChatPage(browsers[1], TestServer.http());
        third = new ChatPage(browsers[2], TestServer.http());
    }

    @AfterAll
    static void stopBrowsers() {
        for (ChromeDriver browser : browsers) {
            if (browser != null) {
                browser.quit();
            }
        }
    }

    @BeforeEach
    void freshBrowsers() {
        for (ChatPage page : List.of(first, second, third)) {
            page.startFresh();
        }
    }

    @AfterEach
    void normalScreen() {
        first.resetEmulation();
    }

    @Test
    void aGroupMadeWithNewGroupReachesEveryMemberWhoSeeWhoSaidWhat() {
        Api.User alice = api.register("galice");
        Api.User bob = api.register("gbob");
        Api.User carol = api.register("gcarol");
        signIn(first, alice);
        signIn(second, bob);
        signIn(third, carol);

        String room = first.createGroup("Trip 2027", bob.username(), carol.username());
        second.await("the group in bob's list", () -> second.hasChat(room));
        String bobsPreview = second.preview(room);
        second.openChat(room, "Trip 2027");
        third.await("the group in carol's list", () -> third.hasChat(room));
        third.openChat(room, "Trip 2027");
        second.send("hi all");
        second.send("who is in?");
        third.send("me!");
        first.awaitBubble("me!");
        first.send("great");
        third.awaitBubble("great");
        second.await("alice's message as bob's list previews it", () -> (alice.username() + ": great")
                .equals(second.preview(room)));

        assertThat(bobsPreview).isEqualTo(alice.username() + " created the group \"Trip 2027\"");
        assertThat(first.bubbles()).extracting(Bubble::text, Bubble::sender).containsExactly(
                tuple("hi all", bob.username()),
                tuple("who is in?", null),
                tuple("me!", carol.username()),
                tuple("great", null));
        assertThat(third.bubbles()).extracting(Bubble::text, Bubble::sender).containsExactly(
                tuple("hi all", bob.username()),
                tuple("who is in?", null),
                tuple("me!", null),
                tuple("great", alice.username()));
        assertThat(first.eventLines()).containsExactly("You created the group \"Trip 2027\"");
        assertThat(third.eventLines()).containsExactly(alice.username() + " created the group \"Trip 2027\"");
        assertThat(first.text("presence")).isEqualTo("3 members · " + bob.username() + ", " + carol.username() + ", You");
        screenshots(room);
    }

    @Test
    void myMessageTurnsBlueOnlyOnceEveryMemberHasReadItAndItsInfoSaysWho() {
        Api.User alice = api.register("talice");
        Api.User bob = api.register("tbob");
        Api.User carol = api.register("tcarol");
        String room = api.group(alice, "Ticks", bob, carol).toString();
        signIn(first, alice);
        signIn(second, bob);
        signIn(third, carol);
        first.openChat(room, "Ticks");

        first.send("did you read this?");
        first.awaitBubble("did you read this?", "with two grey ticks", b -> "delivered".equals(b.status()));
        second.openChat(room, "Ticks");
        second.awaitBubble("did you read this?");
        openMessageInfo(first);
        first.await("bob among the readers, carol among those who have it", () -> first.visible("message-info")
                && receipts("read-by").equals(List.of(bob.username()))
                && receipts("delivered-to").equals(List.of(carol.username())));
        assertThat(first.bubbles().getFirst().status()).isEqualTo("delivered");
        third.openChat(room, "Ticks");

        first.awaitBubble("did you read this?", "with blue ticks", b -> "read".equals(b.status()));
        first.await("both among the readers", () -> receipts("read-by").equals(List.of(bob.username(),
                carol.username())));
        assertThat(first.visible("delivered-to")).isFalse();
        new Actions(first.driver).sendKeys(Keys.ESCAPE).perform();
        first.await("message info closed", () -> !first.visible("message-info"));
        assertThat(first.focused()).isEqualTo("message-menu-button");
    }

    @Test
    void messageInfoStillListsWhoReadMyMessageAfterTheyLeftButNobodyWhoLeftBeforeIt() {
        Api.User alice = api.register("lalice");
        Api.User bob = api.register("lbob");
        Api.User carol = api.register("lcarol");
        Api.User dave = api.register("ldave");
        String room = api.group(alice, "Leavers", bob, carol, dave).toString();
        api.delete("/api/rooms/" + room + "/members/" + dave.username() + "/", dave.token());
        signIn(first, alice);
        signIn(second, bob);
        signIn(third, carol);
        first.openChat(room, "Leavers");
        first.send("who read this?");
        first.awaitBubble("who read this?", "with two grey ticks", b -> "delivered".equals(b.status()));
        long seq = first.bubbles().getFirst().seq();
        second.openChat(room, "Leavers");
        second.awaitBubble("who read this?");
        first.await("bob's read stored", () -> watermark(alice, room, bob.username(), "read_seq") >= seq);

        api.delete("/api/rooms/" + room + "/members/" + bob.username() + "/", bob.token());
        first.await("bob's leaving shown", () -> first.eventLines().contains(bob.username() + " left"));
        openMessageInfo(first);
        first.await("bob still among the readers, carol among those who have it", () -> first.visible("message-info")
                && receipts("read-by").equals(List.of(bob.username()))
                && receipts("delivered-to").equals(List.of(carol.username())));
        assertThat(receipts("waiting-for")).isEmpty();
        // After a reload the server says who left, and with which watermarks.
        first.reload();
        first.awaitConversationWith("Leavers");
        first.awaitBubble("who read this?");
        openMessageInfo(first);
        first.await("bob among the readers after a reload", () -> first.visible("message-info")
                && receipts("read-by").equals(List.of(bob.username()))
                && receipts("delivered-to").equals(List.of(carol.username())));
        assertThat(receipts("waiting-for")).isEmpty();
    }

    @Test
    void someoneAddedLaterSeesTheirAddingAndWhatFollowsButNothingBefore() {
        Api.User alice = api.register("aalice");
        Api.User bob = api.register("abob");
        Api.User dave = api.register("adave");
        String room = api.group(alice, "Later", bob).toString();
        api.post("/api/messages/", bob.token(), Map.of("room", room, "content", "before dave came"));
        signIn(first, alice);
        signIn(third, dave);
        first.openChat(room, "Later");
        first.awaitBubble("before dave came");

        first.openGroupInfo();
        first.byTestId("group-add-member").click();
        first.await("the cursor in the search for people to add", () -> "group-add-search".equals(first.focused()));
        first.byTestId("group-add-search").sendKeys(dave.username());
        By result = By.cssSelector("[data-testid=group-add-result][data-user='" + dave.username() + "']");
        first.await("dave among the people found", () -> !first.driver.findElements(result).isEmpty());
        first.driver.findElement(result).click();
        first.byTestId("group-add-confirm").click();
        first.await("dave among the members", () -> !first.driver.findElements(By.cssSelector(
                "[data-testid=group-member][data-user='" + dave.username() + "']")).isEmpty());
        third.await("the group in dave's list", () -> third.hasChat(room));
        third.openChat(room, "Later");
        first.send("welcome dave");
        third.awaitBubble("welcome dave");

        assertThat(third.eventLines()).containsExactly(alice.username() + " added you");
        assertThat(third.bubbles()).extracting(Bubble::text).containsExactly("welcome dave");
        assertThat(first.eventLines()).containsExactly("You created the group \"Later\"",
                "You added " + dave.username());
        assertThat(first.text("group-info-count")).isEqualTo("Group · 3 members");
    }

    @Test
    void aRemovedMemberIsToldAndCanNoLongerWriteEvenAfterAReload() {
        Api.User alice = api.register("ralice");
        Api.User bob = api.register("rbob");
        Api.User carol = api.register("rcarol");
        String room = api.group(alice, "Removal", bob, carol).toString();
        signIn(first, alice);
        signIn(second, bob);
        signIn(third, carol);
        second.openChat(room, "Removal");
        third.openChat(room, "Removal");
        first.openChat(room, "Removal");

        first.openGroupInfo();
        first.memberAction(bob.username(), "remove");
        first.await("the question", () -> first.visible("confirm-dialog"));
        assertThat(first.byTestId("confirm-dialog").findElement(By.cssSelector("h2")).getText())
                .isEqualTo("Remove " + bob.username() + " from \"Removal\"?");
        first.byTestId("confirm-action").click();
        second.await("bob told he is out", () -> second.visible("not-member-notice"));
        third.await("carol told bob is out", () -> third.eventLines().contains(alice.username() + " removed "
                + bob.username()));

        assertThat(second.text("not-member-notice")).isEqualTo("You are no longer a member of this group");
        assertThat(second.byTestId("composer").isEnabled()).isFalse();
        assertThat(second.eventLines()).endsWith(alice.username() + " removed you");
        assertThat(third.text("presence")).isEqualTo("2 members · " + alice.username() + ", You");
        second.reload();
        second.awaitConversationWith("Removal");
        second.await("still out after a reload", () -> second.visible("not-member-notice"));
        assertThat(second.byTestId("composer").isEnabled()).isFalse();
    }

    @Test
    void renamingTheGroupShowsTheNewNameToEveryMember() {
        Api.User alice = api.register("nalice");
        Api.User bob = api.register("nbob");
        Api.User carol = api.register("ncarol");
        String room = api.group(alice, "Trip", bob, carol).toString();
        signIn(first, alice);
        signIn(second, bob);
        signIn(third, carol);
        first.openChat(room, "Trip");
        second.openChat(room, "Trip");

        first.openGroupInfo();
        first.byTestId("group-rename").click();
        first.await("the cursor in the name", () -> "group-rename-input".equals(first.focused()));
        first.byTestId("group-rename-input").clear();
        first.byTestId("group-rename-input").sendKeys("Trip 2027", Keys.ENTER);
        second.awaitConversationWith("Trip 2027");
        third.await("the new name in carol's list", () -> third.hasChat(room)
                && "Trip 2027".equals(third.chatItem(room).findElement(By.cssSelector("[data-testid=chat-name]"))
                .getText()));

        String renamed = "renamed the group to \"Trip 2027\"";
        assertThat(first.text("group-info-name")).isEqualTo("Trip 2027");
        assertThat(first.eventLines()).endsWith("You " + renamed);
        assertThat(second.eventLines()).endsWith(alice.username() + " " + renamed);
        assertThat(third.preview(room)).isEqualTo(alice.username() + " " + renamed);
    }

    @Test
    void aGroupNameTakesAsManyEmojiAsTheServerCountsNotHalf() {
        Api.User alice = api.register("ealice");
        Api.User bob = api.register("ebob");
        String teapots = "🫖".repeat(60); // 60 characters for the server, 120 UTF-16 units for a maxlength
        signIn(first, alice);

        first.createGroup(teapots, bob.username()); // typed into the field, the group is made with all 60
        first.openGroupInfo();
        first.byTestId("group-rename").click();
        first.await("the cursor in the name", () -> "group-rename-input".equals(first.focused()));
        first.byTestId("group-rename-input").sendKeys(Keys.END, "🫖".repeat(41)); // 101 in all: one too many
        assertThat(first.text("group-info-name")).isEqualTo(teapots);
        first.byTestId("group-rename-input").sendKeys(Keys.ENTER);
        assertThat(first.script("return document.querySelector('[data-testid=group-rename-input]').validationMessage"))
                .isEqualTo("The name is too long: at most 100 characters.");
    }

    @Test
    void theRenamePencilKeepsItsSizeAndItsDistanceFromALongName() {
        Api.User alice = api.register("palice");
        Api.User bob = api.register("pbob");
        String name = "Our long weekend trip to the mountains with everyone";
        String room = api.group(alice, name, bob).toString();
        signIn(first, alice);
        first.openChat(room, name);
        first.openGroupInfo();

        @SuppressWarnings("unchecked")
        Map<String, Number> layout = (Map<String, Number>) first.script("""
                const name = document.querySelector('[data-testid=group-info-name]').getBoundingClientRect();
                const button = document.querySelector('[data-testid=group-rename]');
                const pencil = button.querySelector('svg').getBoundingClientRect();
                return { width: button.getBoundingClientRect().width, gap: pencil.left - name.right };""");

        assertThat(layout.get("width").doubleValue()).isEqualTo(40);
        assertThat(layout.get("gap").doubleValue()).isGreaterThanOrEqualTo(12);
    }

    @Test
    void theGroupHeaderNamesEveryoneTyping() {
        Api.User alice = api.register("yalice");
        Api.User bob = api.register("ybob");
        Api.User carol = api.register("ycarol");
        String room = api.group(alice, "Typing", bob, carol).toString();
        signIn(first, alice);
        signIn(second, bob);
        signIn(third, carol);
        first.openChat(room, "Typing");
        second.openChat(room, "Typing");
        third.openChat(room, "Typing");

        second.type("I think");
        first.await("bob typing", () -> (bob.username() + " is typing…").equals(first.text("typing-indicator")));
        third.type("Well");
        first.await("bob and carol typing", () -> first.visible("typing-indicator")
                && (bob.username() + " and " + carol.username() + " are typing…").equals(first.text("typing-indicator")));
    }

    @Test
    void onlyAdminsAreOfferedToChangeTheGroupAndBecomingOneOffersIt() {
        Api.User alice = api.register("oalice");
        Api.User bob = api.register("obob");
        Api.User carol = api.register("ocarol");
        String room = api.group(alice, "Admins", bob, carol).toString();
        signIn(first, alice);
        signIn(second, bob);
        first.openChat(room, "Admins");
        second.openChat(room, "Admins");
        second.openGroupInfo();
        assertThat(second.focused()).isEqualTo("group-info-close");
        assertThat(List.of(second.visible("group-add-member"), second.visible("group-rename"),
                second.visible("member-menu-button"), second.visible("group-exit")))
                .containsExactly(false, false, false, true);

        first.openGroupInfo();
        first.memberAction(bob.username(), "make-admin");
        second.await("bob offered to add and rename", () -> second.visible("group-add-member")
                && second.visible("group-rename"));
        // The keyboard keeps its place: back on bob's options once his row is drawn again; the arrows move in a menu.
        first.await("focus back on bob's options", () -> "member-menu-button".equals(first.focused()));
        new Actions(first.driver).sendKeys(Keys.ENTER).perform();
        first.await("bob's options open on the first", () -> "member-dismiss-admin".equals(first.focused()));
        new Actions(first.driver).sendKeys(Keys.ARROW_DOWN).perform();
        assertThat(first.focused()).isEqualTo("member-remove");
        new Actions(first.driver).sendKeys(Keys.ESCAPE).perform();
        first.await("the menu closed, focus on its button", () -> "member-menu-button".equals(first.focused()));

        assertThat(memberRole(second, bob.username())).isEqualTo("Group admin");
        assertThat(memberRole(second, alice.username())).isEqualTo("Group owner");
        // An admin may make admins and remove members, but only the owner dismisses an admin or nobody removes her.
        assertThat(second.driver.findElements(By.cssSelector("[data-testid=group-member][data-user='"
                + alice.username() + "'] [data-testid=member-menu-button]"))).isEmpty();
        assertThat(second.eventLines()).endsWith(alice.username() + " made you an admin");
        new Actions(second.driver).sendKeys(Keys.ESCAPE).perform();
        second.await("group info closed, focus back on the header", () -> !second.visible("group-info")
                && "group-info-button".equals(second.focused()));
    }

    @Test
    void afterExitingAGroupFromItsInfoTheKeyboardCarriesOnFromTheGroupInTheChatList() {
        Api.User alice = api.register("xalice");
        Api.User bob = api.register("xbob");
        String room = api.group(alice, "Exit", bob).toString();
        signIn(first, alice);
        first.openChat(room, "Exit");
        first.openGroupInfo();

        first.byTestId("group-exit").click();
        first.await("the question", () -> first.visible("confirm-dialog"));
        first.byTestId("confirm-action").click();
        first.await("told she is out", () -> first.visible("not-member-notice") && first.visible("group-info-not-member"));

        first.await("focus on the group's row in the chat list", () -> "chat-item".equals(first.focused())
                && room.equals(first.script("return document.activeElement.dataset.room")));
    }

    // --- helpers ---

    private static void signIn(ChatPage page, Api.User user) {
        page.signIn(user.username(), "password-" + user.username());
    }

    /** The names listed in a section of the first browser's message info. */
    @SuppressWarnings("unchecked")
    private static List<String> receipts(String testId) {
        return (List<String>) first.script("""
                return [...document.querySelectorAll(`[data-testid=${arguments[0]}] [data-testid=receipt-member]`)]
                  .map((li) => li.dataset.user);""", testId);
    }

    /**
     * Opens the info of the page's (only) message from its menu: the menu's button shows when the pointer is over the
     * message, as in WhatsApp.
     */
    private static void openMessageInfo(ChatPage page) {
        new Actions(page.driver).moveToElement(page.driver.findElement(By.cssSelector("[data-testid=message]")))
                .perform();
        page.byTestId("message-menu-button").click();
        page.clickWhenVisible("menu-info");
    }

    /** A member's watermark ("read_seq", "delivered_seq") as the server has it now, read by {@code viewer}. */
    private long watermark(Api.User viewer, String room, String member, String field) {
        for (var m : api.get("/api/rooms/" + room + "/", viewer.token()).json().get("members")) {
            if (m.get("username").asText().equals(member)) {
                return m.get(field).asLong();
            }
        }
        return -1;
    }

    private static String memberRole(ChatPage page, String username) {
        return (String) page.script("""
                return document.querySelector(`[data-testid=group-member][data-user='${arguments[0]}'] \
                [data-testid=member-role]`)?.textContent ?? null;""", username);
    }

    /** The group as alice sees it, light and dark, wide and phone-sized (target/screenshots, for the README). */
    private static void screenshots(String room) {
        for (String theme : List.of("light", "dark")) {
            first.colorScheme(theme);
            first.screenshot("web-group-" + theme);
            first.viewport(390, 844, true);
            first.await("the phone layout", () -> !first.visible("chat-list"));
            first.screenshot("web-group-phone-" + theme);
            first.resetEmulation();
            first.await("the wide layout", () -> first.visible("chat-list") && first.hasChat(room));
        }
    }
}
