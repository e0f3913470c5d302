package dev.parley.server.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One person's browser tab on the Parley web client, driven through its {@code data-testid}s the way a user would:
 * typing, clicking, pressing Enter. Every wait is bounded; reads go through small scripts so one poll is one call.
 */
final class ChatPage {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();

    /**
     * A message bubble as shown: {@code seq} is null while pending, {@code status} null on the other person's,
     * {@code sender} the name shown over it (in groups, over the first bubble of someone else's run), else null.
     */
    record Bubble(Long seq, String status, String user, String text, String sender) {
    }

    private static final String BUBBLES = """
            return [...document.querySelectorAll('[data-testid=message]')].map((li) => ({
              seq: li.dataset.seq ?? null, status: li.dataset.status ?? null, user: li.dataset.user ?? null,
              text: li.querySelector('[data-testid=message-text]')?.textContent ?? null,
              sender: li.querySelector('[data-testid=sender-name]')?.textContent ?? null }));
            """;

    final ChromeDriver driver;
    private final URI base;

    ChatPage(ChromeDriver driver, URI base) {
        this.driver = driver;
        this.base = base;
    }

    /** Signed out with an empty localStorage, on the sign-in screen: as good as a new browser, but cheaper. */
    void startFresh() {
        driver.get(base + "/");
        driver.manage().deleteAllCookies();
        script("localStorage.clear()");
        driver.get(base + "/");
        await("the sign-in screen", () -> visible("login-username"));
    }

    void signUp(String username, String password) {
        fillCredentials(username, password);
        byTestId("signup-submit").click();
        awaitChatScreen();
    }

    void signIn(String username, String password) {
        fillCredentials(username, password);
        byTestId("login-submit").click();
        awaitChatScreen();
    }

    private void fillCredentials(String username, String password) {
        byTestId("login-username").sendKeys(username);
        byTestId("login-password").sendKeys(password);
    }

    void awaitChatScreen() {
        await("the chat screen", () -> visible("chat-screen") && !visible("login-screen"));
    }

    /** New chat → search for the name → pick the person from the results; returns the opened room's uuid. */
    String startChatWith(String username) {
        byTestId("new-chat").click();
        await("the people search", () -> visible("user-search"));
        byTestId("user-search").sendKeys(username);
        By result = By.cssSelector("[data-testid=user-result][data-user='" + username + "']");
        await(username + " among the search results", () -> !driver.findElements(result).isEmpty());
        driver.findElement(result).click();
        awaitConversationWith(username);
        return openRoom();
    }

    /**
     * New chat → New group → its name → each member found by name and picked → Create; waits for the new group's
     * conversation and returns its uuid.
     */
    String createGroup(String name, String... members) {
        byTestId("new-chat").click();
        await("New group in the New chat panel", () -> visible("new-group"));
        byTestId("new-group").click();
        await("the group's name field, with the cursor in it", () -> visible("group-name")
                && "group-name".equals(focused()));
        byTestId("group-name").sendKeys(name);
        for (String member : members) {
            WebElement search = byTestId("group-member-search");
            search.clear();
            search.sendKeys(member);
            By result = By.cssSelector("[data-testid=group-member-result][data-user='" + member + "']");
            await(member + " among the people found", () -> !driver.findElements(result).isEmpty());
            driver.findElement(result).click();
            await(member + " chosen", () -> !driver.findElements(
                    By.cssSelector("[data-testid=chip][data-user='" + member + "']")).isEmpty());
        }
        byTestId("group-create").click();
        awaitConversationWith(name);
        return openRoom();
    }

    /** The test id of the element with focus, or null. */
    String focused() {
        return (String) script("return document.activeElement?.dataset.testid ?? null");
    }

    /** The centred lines of membership events, in order. */
    @SuppressWarnings("unchecked")
    List<String> eventLines() {
        return (List<String>) script(
                "return [...document.querySelectorAll('[data-testid=event-line]')].map((li) => li.textContent)");
    }

    /** The chat list's preview line of a chat. */
    String preview(String roomUuid) {
        return (String) script("""
                return document.querySelector(`[data-testid=chat-item][data-room='${arguments[0]}'] \
                [data-testid=chat-preview]`)?.textContent ?? null;""", roomUuid);
    }

    /** Opens the group info panel from the conversation header and waits for it. */
    void openGroupInfo() {
        byTestId("group-info-button").click();
        await("the group info panel", () -> visible("group-info"));
    }

    /**
     * In the group info panel: opens the options of {@code member} and picks {@code action} ("make-admin"...). The
     * panel reads the room again when it opens, so a member's row may be redrawn (presence) under the pointer: then
     * its options are opened again.
     */
    void memberAction(String member, String action) {
        String row = "[data-testid=group-member][data-user='" + member + "'] ";
        By item = By.cssSelector(row + "[data-testid=member-" + action + "]");
        await("\"" + action + "\" in the options of " + member, () -> {
            try {
                if (!driver.findElement(item).isDisplayed()) {
                    driver.findElement(By.cssSelector(row + "[data-testid=member-menu-button]")).click();
                }
                return driver.findElement(item).isDisplayed();
            } catch (StaleElementReferenceException | NoSuchElementException e) {
                return false;
            }
        });
        driver.findElement(item).click();
    }

    /** Clicks the element with this test id once it shows (a menu item, a dialog's button). */
    void clickWhenVisible(String testId) {
        await(testId + " on screen", () -> visible(testId));
        byTestId(testId).click();
    }

    /** Clicks the chat in the list and waits for its conversation. */
    void openChat(String roomUuid, String partner) {
        chatItem(roomUuid).click();
        awaitConversationWith(partner);
    }

    void awaitConversationWith(String partner) {
        await("the conversation with " + partner, () -> visible("composer")
                && partner.equals(byTestId("conversation-title").getText()));
    }

    /** The uuid of the open chat, from the URL (#/chat/uuid). */
    String openRoom() {
        String hash = (String) script("return location.hash");
        return hash.substring("#/chat/".length());
    }

    /** Types into the composer without sending. */
    void type(String text) {
        byTestId("composer").sendKeys(text);
    }

    /** Types a message and presses Enter. */
    void send(String text) {
        byTestId("composer").sendKeys(text, Keys.ENTER);
    }

    List<Bubble> bubbles() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) script(BUBBLES);
        return rows.stream().map(row -> new Bubble(
                row.get("seq") == null ? null : Long.valueOf((String) row.get("seq")),
                (String) row.get("status"), (String) row.get("user"), (String) row.get("text"),
                (String) row.get("sender"))).toList();
    }

    /** Waits until exactly one bubble carries {@code text} and {@code condition} holds for it; returns it. */
    Bubble awaitBubble(String text, String description, Predicate<Bubble> condition) {
        Bubble[] found = new Bubble[1];
        await("the message \"" + text + "\" " + description, () -> {
            List<Bubble> matching = bubbles().stream().filter(b -> text.equals(b.text())).toList();
            found[0] = matching.size() == 1 ? matching.getFirst() : null;
            return found[0] != null && condition.test(found[0]);
        });
        return found[0];
    }

    Bubble awaitBubble(String text) {
        return awaitBubble(text, "on screen", b -> true);
    }

    /** The unread badge of a chat in the list, "" when it has none. */
    String unreadBadge(String roomUuid) {
        return (String) script("""
                const badge = document.querySelector(`[data-testid=chat-item][data-room='${arguments[0]}'] \
                [data-testid=unread-badge]`);
                return badge ? badge.textContent : '';""", roomUuid);
    }

    WebElement chatItem(String roomUuid) {
        return driver.findElement(By.cssSelector("[data-testid=chat-item][data-room='" + roomUuid + "']"));
    }

    boolean hasChat(String roomUuid) {
        return !driver.findElements(By.cssSelector("[data-testid=chat-item][data-room='" + roomUuid + "']")).isEmpty();
    }

    /** Whether the element with this test id exists and is rendered (not hidden, not display:none). */
    boolean visible(String testId) {
        return Boolean.TRUE.equals(script("""
                const el = document.querySelector(`[data-testid='${arguments[0]}']`);
                return !!el && el.checkVisibility();""", testId));
    }

    String text(String testId) {
        return (String) script("return document.querySelector(`[data-testid='${arguments[0]}']`)?.textContent ?? null",
                testId);
    }

    WebElement byTestId(String testId) {
        return driver.findElement(By.cssSelector("[data-testid='" + testId + "']"));
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Emulates {@code prefers-color-scheme} ("light" or "dark") through the DevTools protocol. */
    void colorScheme(String scheme) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    /** Emulates a viewport of this size; {@code phone} also makes it a touch screen at twice the pixel density. */
    void viewport(int width, int height, boolean phone) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", width, "height", height, "deviceScaleFactor", phone ? 2 : 1, "mobile", phone));
    }

    void resetEmulation() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
    }

    /** Saves what the page shows now as target/screenshots/{name}.png. */
    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void reload() {
        driver.navigate().refresh();
    }

    /** Polls {@code condition} every 50 ms for at most {@link #WAIT}; fails naming what did not happen. */
    void await(String description, Supplier<Boolean> condition) {
        await(WAIT, description, condition);
    }

    void await(Duration timeout, String description, Supplier<Boolean> condition) {
        new WebDriverWait(driver, timeout, Duration.ofMillis(50))
                .withMessage(() -> description + " (in the browser at " + driver.getCurrentUrl() + ")")
                .until(d -> condition.get());
    }
}
