package dev.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.Api;
import dev.parley.server.TestServer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * Chat management in the browser: pin, mute, archive, mark unread and clear, from the chat list's context menu (right
 * click, the keyboard's Shift+F10, the row's menu button) and the conversation header's menu; alice's second browser
 * follows each change live, as her other devices would.
 */
class WebChatManagementTest {

    private static ChromeDriver aliceBrowser;
    private static ChromeDriver aliceOtherBrowser;
    private static ChatPage alicePage;
    private static ChatPage aliceOther;

    @BeforeAll
    static void startBrowsers() {
        aliceBrowser = Chrome.start();
        aliceOtherBrowser = Chrome.start();
        alicePage = new ChatPage(aliceBrowser, TestServer.http());
        aliceOther = new ChatPage(aliceOtherBrowser, TestServer.http());
    }

    @AfterAll
    static void stopBrowsers() {
        for (ChromeDriver browser : new ChromeDriver[] {aliceBrowser, aliceOtherBrowser}) {
            if (browser != null) {
                browser.quit();
            }
        }
    }

    private final Api api = Api.shared();

    private void send(Api.User from, UUID room, String text) {
        api.post("/api/messages/", from.token(), Map.of("room", room.toString(), "content", text));
    }

    @SuppressWarnings("unchecked")
    private static List<String> listed(ChatPage page) {
        return (List<String>) page.script("return [...document.querySelectorAll('#chat-list [data-testid=chat-item]')]"
                + ".map((item) => item.dataset.room)");
    }

    private static boolean rowHas(ChatPage page, UUID room, String selector) {
        return Boolean.TRUE.equals(page.script("return !!document.querySelector(`[data-testid=chat-item][data-room='${"
                + "arguments[0]}'] ${arguments[1]}`)", room.toString(), selector));
    }

    private static void pick(ChatPage page, String action) {
        page.clickWhenVisible("chat-action-" + action);
    }

    private void signInBoth(Api.User alice) {
        for (ChatPage page : List.of(alicePage, aliceOther)) {
            page.startFresh();
            page.signIn(alice.username(), "password-" + alice.username());
        }
    }

    @Test
    void pinMuteArchiveAndMarkUnreadFromTheListFollowAliceToHerOtherBrowser() {
        Api.User alice = api.register("wcm");
        Api.User bob = api.register("wcmb");
        Api.User carol = api.register("wcmc");
        Api.User dave = api.register("wcmd");
        UUID withCarol = api.room(alice, carol);
        send(carol, withCarol, "oldest chat");
        UUID withDave = api.room(alice, dave);
        send(dave, withDave, "middle chat");
        UUID withBob = api.room(alice, bob);
        send(bob, withBob, "newest chat");
        signInBoth(alice);
        alicePage.await("three chats", () -> listed(alicePage).size() == 3);
        assertThat(listed(alicePage)).containsExactly(withBob.toString(), withDave.toString(), withCarol.toString());

        // Pin the oldest chat with a right click: it goes on top, in both browsers.
        new Actions(aliceBrowser).contextClick(alicePage.chatItem(withCarol.toString())).perform();
        alicePage.await("the chat's context menu", () -> alicePage.visible("chat-context-menu"));
        alicePage.screenshot("web-chat-context-menu");
        pick(alicePage, "pin");
        aliceOther.await("carol's chat pinned on top in the other browser", () -> listed(aliceOther).getFirst()
                .equals(withCarol.toString()) && rowHas(aliceOther, withCarol, "[data-testid=pinned-icon]"));

        // Mute bob's chat from the keyboard (Shift+F10 on its row, then the second item, "Mute for 8 hours").
        alicePage.chatItem(withBob.toString()).sendKeys(Keys.chord(Keys.SHIFT, Keys.F10));
        alicePage.await("the menu, its first item focused", () -> "chat-action-pin".equals(alicePage.focused()));
        aliceBrowser.switchTo().activeElement().sendKeys(Keys.ARROW_DOWN);
        assertThat(alicePage.focused()).isEqualTo("chat-action-mute-8h");
        aliceBrowser.switchTo().activeElement().sendKeys(Keys.ENTER);
        aliceOther.await("bob's chat muted in the other browser",
                () -> rowHas(aliceOther, withBob, "[data-testid=muted-icon]"));
        send(bob, withBob, "a muted message");
        aliceOther.await("a grey badge for the muted chat",
                () -> rowHas(aliceOther, withBob, "[data-testid=unread-badge].muted"));

        // Archive dave's chat with the row's menu button: it leaves the list for "Archived (1)".
        new Actions(aliceBrowser).moveToElement(alicePage.chatItem(withDave.toString())).perform();
        aliceBrowser.findElement(By.cssSelector("[data-testid=chat-item][data-room='" + withDave
                + "'] + [data-testid=chat-row-menu]")).click();
        pick(alicePage, "archive");
        for (ChatPage page : List.of(alicePage, aliceOther)) {
            page.await("dave's chat archived", () -> !listed(page).contains(withDave.toString())
                    && page.visible("archived-entry") && "1".equals(page.text("archived-count")));
        }
        alicePage.screenshot("web-chat-archived-entry");
        // Its count is a number of chats, not unread messages: the list's grey secondary text, in both themes.
        for (String scheme : List.of("light", "dark")) {
            alicePage.colorScheme(scheme);
            assertThat(alicePage.script("""
                    const count = getComputedStyle(document.querySelector('[data-testid=archived-count]'));
                    const probe = document.body.appendChild(document.createElement('span'));
                    probe.style.color = 'var(--text-2)';
                    const grey = getComputedStyle(probe).color;
                    probe.remove();
                    return [count.color === grey, count.fontWeight];"""))
                    .as(scheme).isEqualTo(List.of(true, "400"));
        }
        alicePage.resetEmulation();
        aliceOther.byTestId("archived-entry").click();
        aliceOther.await("the archived chats", () -> listed(aliceOther).equals(List.of(withDave.toString())));
        aliceOther.byTestId("archived-back").click();
        aliceOther.await("the chats again", () -> listed(aliceOther).size() == 2);
        send(dave, withDave, "back from the archive");
        alicePage.await("dave's message brings the chat back", () -> listed(alicePage).contains(withDave.toString())
                && !alicePage.visible("archived-entry"));

        // Mark carol's chat unread once read: a dot in the other browser, gone once alice opens the chat there.
        alicePage.openChat(withCarol.toString(), carol.username());
        alicePage.await("carol's chat read", () -> !rowHas(alicePage, withCarol, "[data-testid=unread-badge]"));
        new Actions(aliceBrowser).contextClick(alicePage.chatItem(withCarol.toString())).perform();
        pick(alicePage, "unread");
        aliceOther.await("the unread dot", () -> rowHas(aliceOther, withCarol, "[data-testid=unread-badge].marked"));
        aliceOther.screenshot("web-chat-list-managed");
        aliceOther.openChat(withCarol.toString(), carol.username());
        alicePage.await("no dot once read on the other browser",
                () -> !rowHas(alicePage, withCarol, "[data-testid=unread-badge]"));
    }

    @Test
    void ctrlAltShiftUMarksTheOpenChatUnreadAndReadAndAChatChosenInTheListToo() {
        Api.User alice = api.register("wcu");
        Api.User bob = api.register("wcub");
        Api.User carol = api.register("wcuc");
        UUID withCarol = api.room(alice, carol);
        send(carol, withCarol, "are you there?");
        UUID withBob = api.room(alice, bob);
        send(bob, withBob, "hello");
        alicePage.startFresh();
        alicePage.signIn(alice.username(), "password-" + alice.username());
        alicePage.openChat(withBob.toString(), bob.username());
        alicePage.await("bob's chat read", () -> !rowHas(alicePage, withBob, "[data-testid=unread-badge]"));
        // ...on the server too: a read it took after the mark would clear the mark (reading a chat does).
        alicePage.await("the read taken by the server", () -> {
            for (JsonNode room : api.get("/api/rooms/", alice.token()).json()) {
                if (room.get("room_uuid").asText().equals(withBob.toString())) {
                    return room.get("unread_count").asLong() == 0;
                }
            }
            return false;
        });
        Runnable shortcut = () -> new Actions(aliceBrowser).keyDown(Keys.CONTROL).keyDown(Keys.ALT).keyDown(Keys.SHIFT)
                .sendKeys("u").keyUp(Keys.SHIFT).keyUp(Keys.ALT).keyUp(Keys.CONTROL).perform();

        shortcut.run();
        alicePage.await("the open chat marked unread", () -> rowHas(alicePage, withBob,
                "[data-testid=unread-badge].marked"));
        assertThat(alicePage.byTestId("composer").getDomProperty("value")).isEmpty(); // no "U" typed
        shortcut.run();
        alicePage.await("and read again", () -> !rowHas(alicePage, withBob, "[data-testid=unread-badge]"));

        // Carol's row chosen with the keyboard in the list (not opened): her unread message is read.
        assertThat(rowHas(alicePage, withCarol, "[data-testid=unread-badge]")).isTrue();
        alicePage.script("arguments[0].focus()", alicePage.chatItem(withCarol.toString())); // as the arrows leave it
        shortcut.run();
        alicePage.await("carol's chat read from the list", () -> !rowHas(alicePage, withCarol,
                "[data-testid=unread-badge]"));
        assertThat(alicePage.openRoom()).isEqualTo(withBob.toString());
        boolean[] markedOnServer = new boolean[2];
        for (JsonNode room : api.get("/api/rooms/", alice.token()).json()) {
            markedOnServer[room.get("room_uuid").asText().equals(withBob.toString()) ? 0 : 1] =
                    room.get("marked_unread").asBoolean();
        }
        assertThat(markedOnServer).containsExactly(false, false);
    }

    @Test
    void aFourthPinIsRefusedWithAClearNotice() {
        Api.User alice = api.register("wcp");
        UUID[] rooms = new UUID[4];
        for (int i = 0; i < 4; i++) {
            rooms[i] = api.room(alice, api.register("wcpb" + i));
            if (i < 3) {
                api.patch("/api/rooms/" + rooms[i] + "/settings/", alice.token(), Map.of("pinned", true));
            }
        }
        alicePage.startFresh();
        alicePage.signIn(alice.username(), "password-" + alice.username());
        alicePage.await("four chats", () -> listed(alicePage).size() == 4);
        alicePage.chatItem(rooms[0].toString()).click();
        alicePage.await("a chat open", () -> alicePage.visible("attach"));

        new Actions(aliceBrowser).contextClick(alicePage.chatItem(rooms[3].toString())).perform();
        pick(alicePage, "pin");

        alicePage.await("the notice", () -> alicePage.visible("notice"));
        assertThat(alicePage.text("notice")).isEqualTo("You can pin up to 3 chats: unpin one first."); // a sentence
        // Over the foot of the chat list, as WhatsApp's: never over the open chat's composer and its buttons.
        assertThat(alicePage.script("""
                const n = document.querySelector('[data-testid=notice]').getBoundingClientRect();
                const list = document.querySelector('.sidebar').getBoundingClientRect();
                const covered = [...document.querySelectorAll('[data-testid=composer], [data-testid=attach]')]
                  .map((el) => el.getBoundingClientRect())
                  .some((b) => n.left < b.right && b.left < n.right && n.top < b.bottom && b.top < n.bottom);
                return !covered && n.left >= list.left && n.right <= list.right"""))
                .as("the notice over the chat list, the composer uncovered").isEqualTo(true);
        alicePage.screenshot("web-pin-refused");
        alicePage.await("the chat not pinned", () -> !rowHas(alicePage, rooms[3], "[data-testid=pinned-icon]"));
    }

    @Test
    void clearingAChatFromItsHeaderMenuEmptiesItForAliceOnly() {
        Api.User alice = api.register("wcc");
        Api.User bob = api.register("wccb");
        UUID room = api.room(alice, bob);
        send(bob, room, "an old secret");
        send(alice, room, "an old answer");
        signInBoth(alice);
        alicePage.openChat(room.toString(), bob.username());
        alicePage.awaitBubble("an old answer");
        aliceOther.openChat(room.toString(), bob.username());
        aliceOther.awaitBubble("an old answer");

        alicePage.byTestId("chat-menu-button").click();
        alicePage.screenshot("web-chat-header-menu");
        pick(alicePage, "clear");
        alicePage.await("the confirmation", () -> alicePage.visible("confirm-dialog"));
        alicePage.byTestId("confirm-action").click();

        for (ChatPage page : List.of(alicePage, aliceOther)) {
            page.await("an empty chat", () -> page.bubbles().isEmpty());
        }
        send(bob, room, "something new");
        alicePage.awaitBubble("something new");
        alicePage.reload();
        alicePage.awaitConversationWith(bob.username());
        alicePage.awaitBubble("something new");
        assertThat(alicePage.bubbles()).extracting(ChatPage.Bubble::text).containsExactly("something new");
        assertThat(api.get("/api/messages/?room_uuid=" + room, bob.token()).json()).hasSize(3);
    }

    @Test
    void aClearedChatKeepsTheTimeOfItsLastMessageInTheList() {
        Api.User alice = api.register("wct");
        Api.User bob = api.register("wctb");
        UUID room = api.room(alice, bob);
        send(bob, room, "before the clear");
        signInBoth(alice);
        alicePage.await("the row's time", () -> !rowTime(alicePage, room).isEmpty());
        String before = rowTime(alicePage, room);

        alicePage.openChat(room.toString(), bob.username());
        alicePage.byTestId("chat-menu-button").click();
        pick(alicePage, "clear");
        alicePage.clickWhenVisible("confirm-action");
        alicePage.await("an empty chat", () -> alicePage.bubbles().isEmpty());

        for (ChatPage page : List.of(alicePage, aliceOther)) {
            page.await("the preview gone", () -> "".equals(page.preview(room.toString())));
            assertThat(rowTime(page, room)).isEqualTo(before);
        }
        alicePage.reload();
        alicePage.await("the list after the reload", () -> alicePage.hasChat(room.toString()));
        assertThat(rowTime(alicePage, room)).isEqualTo(before);
    }

    private static String rowTime(ChatPage page, UUID room) {
        return (String) page.script("return document.querySelector(`[data-testid=chat-item][data-room='${arguments[0]}']"
                + " [data-testid=chat-time]`)?.textContent ?? ''", room.toString());
    }
}
