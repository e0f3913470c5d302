package dev.parley.desktop.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.parley.desktop.common.Formats;
import dev.parley.desktop.net.ApiClient;
import dev.parley.desktop.net.ApiException;
import dev.parley.desktop.net.ChatApi;
import dev.parley.desktop.net.ChatSocketClient;
import dev.parley.desktop.support.Peer;
import dev.parley.desktop.support.TestNode;
import dev.parley.protocol.SearchPage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Message search in the signed-in window's ViewModels, wired as the app wires them, against a real node (REST and
 * WebSocket; the server's index follows a moment behind, so each test first waits until Alice's search finds what it
 * needs): Alice has chats with Bob and with Carol. The ViewModels run on the test's thread ({@link TestThread}).
 */
class SearchViewModelTest {

    private static URI server;

    private final TestThread fx = new TestThread();
    private final ManualScheduler scheduler = new ManualScheduler();
    private Peer alice;
    private Peer bob;
    private Peer carol;
    private UUID bobRoom;
    private UUID carolRoom;
    private MainViewModel main;
    private ConversationViewModel conversation;
    private ChatListViewModel chats;
    private SearchViewModel search;
    private SearchViewModel chatSearch;
    private boolean bobConnected;

    @BeforeAll
    static void startNode() {
        server = TestNode.http(TestNode.shared());
    }

    @BeforeEach
    void aliceBobAndCarol() {
        alice = Peer.register(server, "salice");
        bob = Peer.register(server, "sbob");
        carol = Peer.register(server, "scarol");
        bobRoom = bob.roomWith(alice);
        carolRoom = carol.roomWith(alice);
    }

    @AfterEach
    void stop() {
        if (main != null) {
            main.stop();
        }
        bob.close();
    }

    /** Alice's app as {@code ParleyApp} builds it, over {@code api} (the real client, or one wrapping it). */
    private void startAlice(UnaryOperator<ChatApi> api) {
        ApiClient client = new ApiClient(server, alice.token());
        ChatApi calls = api.apply(client);
        ChatSocketClient socket = new ChatSocketClient(client.webSocketUri(), alice.token());
        ConnectionStatus connection = new ConnectionStatus(scheduler);
        Outbox<MessageItem> outbox = new Outbox<>();
        Clock clock = Clock.systemUTC();
        conversation = new ConversationViewModel(alice.username(), calls, socket, connection, outbox, fx, scheduler,
                clock, new Formats(clock));
        chats = new ChatListViewModel(alice.username(), conversation, scheduler);
        main = new MainViewModel(alice.username(), calls, socket, connection, outbox, chats, conversation, fx,
                scheduler);
        search = SearchViewModel.everywhere(alice.username(), calls, fx, scheduler, chats, conversation);
        chatSearch = SearchViewModel.inChat(alice.username(), calls, fx, scheduler, chats, conversation);
        main.start();
        int rooms = client.rooms().join().size();
        fx.await("Alice's chats are listed and she is online", () -> chats.allChats().size() == rooms
                && connection.stateProperty().get() == ConnectionState.ONLINE);
    }

    private void startAlice() {
        startAlice(UnaryOperator.identity());
    }

    private ChatItem chat(UUID room) {
        return chats.find(room);
    }

    /** Types {@code query} and presses Enter; returns once the search has answered. */
    private void searchFor(SearchViewModel in, String query) {
        in.queryProperty().set(query);
        in.search();
        fx.await("the search for " + query + " answered",
                () -> in.stateProperty().get() != SearchViewModel.State.SEARCHING);
    }

    /** Alice's app as {@code ParleyApp} builds it, counting the searches it asks the server for in {@code asked}. */
    private void startAliceCounting(AtomicInteger asked) {
        startAlice(real -> intercepting(real, (query, answer) -> {
            asked.incrementAndGet();
            return answer;
        }));
    }

    /** A search on its way: the real client's answer, and the one the app gets once the test lets it through. */
    private record Held(CompletableFuture<?> real, CompletableFuture<Object> gate) {
    }

    private final Queue<Held> held = new ConcurrentLinkedQueue<>();

    /** Alice's app, whose searches wait for the test to let their answers through ({@link #letThrough}). */
    private void startAliceHoldingSearches() {
        startAlice(real -> intercepting(real, (query, answer) -> {
            Held search = new Held(answer, new CompletableFuture<>());
            held.add(search);
            return search.gate();
        }));
    }

    /** Lets the oldest search on its way answer, its page changed by {@code change}, and applies the answer. */
    private void letThrough(UnaryOperator<SearchPage> change) {
        Held search = held.remove();
        SearchPage page = (SearchPage) search.real().orTimeout(TestThread.WAIT_SECONDS, TimeUnit.SECONDS).join();
        search.gate().complete(change.apply(page)); // the app's callback runs here, on the test's thread
        fx.runPending();
    }

    private static SearchPage without(SearchPage page, long seq) {
        return new SearchPage(page.results().stream().filter(hit -> hit.message().seq() != seq).toList(),
                page.next());
    }

    /** Bob edits or deletes his message {@code seq} in his chat with Alice; returns once her app has the update. */
    private void bobActs(String type, long seq, Map<String, ?> fields) {
        long known = chat(bobRoom).lastSeq();
        if (!bobConnected) {
            bob.connect(TestNode.ws(TestNode.shared()));
            bobConnected = true;
        }
        bob.act(type, bobRoom, seq, fields);
        fx.await("Alice's app has Bob's " + type, () -> chat(bobRoom).lastSeq() > known);
    }

    private static List<String> texts(SearchViewModel in) {
        return in.results().stream().map(SearchResult::text).toList();
    }

    private List<String> listedChats() {
        return chats.chats().stream().map(ChatItem::name).toList();
    }

    @Test
    void typingFiltersTheChatsByTheirNamesAndTheOtherMembersNamesIgnoringAccents() {
        carol.createGroup("Café crew", alice, bob);
        startAlice();

        search.queryProperty().set(bob.username());
        List<String> byBob = listedChats();
        search.queryProperty().set("cafe");
        List<String> byCafe = listedChats();
        search.queryProperty().set(alice.username()); // my own name is in every chat: it finds none

        assertThat(byBob).containsExactlyInAnyOrder(bob.username(), "Café crew");
        assertThat(byCafe).containsExactly("Café crew");
        assertThat(listedChats()).isEmpty();
        assertThat(search.stateProperty().get()).isEqualTo(SearchViewModel.State.IDLE); // typing searches no messages
    }

    @Test
    void enterFindsAMessageInAnotherChatWithItsSnippet() {
        carol.post(carolRoom, "The picnic is at the old lighthouse on Sunday");
        bob.post(bobRoom, "Nothing to see here");
        alice.awaitSearchable("lighthouse", 1);
        startAlice();
        conversation.open(chat(bobRoom));

        searchFor(search, "lighthous");

        assertThat(search.stateProperty().get()).isEqualTo(SearchViewModel.State.RESULTS);
        assertThat(search.results()).extracting(SearchResult::roomUuid, SearchResult::chatName, SearchResult::sender)
                .containsExactly(tuple(carolRoom, carol.username(), carol.username()));
        SearchResult found = search.results().getFirst();
        assertThat(found.text()).isEqualTo("The picnic is at the old lighthouse on Sunday");
        assertThat(found.snippet()).filteredOn(SearchPage.SnippetPart::match).extracting(SearchPage.SnippetPart::text)
                .containsExactly("lighthous"); // the last word as a prefix, as it is being typed
        assertThat(search.statusProperty().get()).isEmpty();
    }

    @Test
    void aSearchThatFindsNothingSaysSo() {
        startAlice();

        searchFor(search, "xylophone");

        assertThat(search.stateProperty().get()).isEqualTo(SearchViewModel.State.NO_RESULTS);
        assertThat(search.statusProperty().get()).isEqualTo("No messages match \"xylophone\"");
        assertThat(search.results()).isEmpty();
    }

    /** Bob's 60 messages to Alice, the third of which mentions a zeppelin; read by Alice already. */
    private long zeppelinFarBack() {
        bob.postMany(bobRoom, "filler", 2);
        long seq = bob.post(bobRoom, "A zeppelin over the bay!");
        bob.postMany(bobRoom, "more filler", 57);
        alice.awaitSearchable("zeppelin", 1);
        return seq;
    }

    @Test
    void choosingAResultOpensItsChatAtThatMessageHighlightedEvenFarBeforeTheNewestPage() {
        long zeppelin = zeppelinFarBack();
        startAlice();
        searchFor(search, "zeppelin");

        CompletableFuture<MessageItem> shown = search.choose(search.results().getFirst());
        fx.await("the message is shown", shown::isDone);

        MessageItem item = shown.join();
        assertThat(conversation.chatProperty().get()).isSameAs(chat(bobRoom));
        assertThat(item.seq()).isEqualTo(zeppelin);
        assertThat(item.content()).isEqualTo("A zeppelin over the bay!");
        assertThat(chat(bobRoom).messages()).contains(item);
        assertThat(conversation.highlightedProperty().get()).isSameAs(item);
        assertThat(chat(bobRoom).messages().getFirst().seq()).isEqualTo(1); // the history above it too
    }

    @Test
    void scrollingDownFromAFoundMessageReachesTheNewestWithWhatCameMeanwhile() {
        zeppelinFarBack();
        startAlice();
        searchFor(search, "zeppelin");
        CompletableFuture<MessageItem> shown = search.choose(search.results().getFirst());
        fx.await("the message is shown", shown::isDone);
        ChatItem chat = chat(bobRoom);
        long live = bob.post(bobRoom, "Did you see it?");
        fx.await("the live message reached the chat", () -> chat.lastSeq() == live);
        boolean shownAtOnce = chat.loadedMessage(live) != null;

        for (int pages = 0; chat.hasNewerProperty().get() && pages < 5; pages++) {
            CompletableFuture<Void> page = conversation.loadNewer();
            fx.await("a newer page", page::isDone);
        }

        assertThat(shownAtOnce).isFalse();
        assertThat(chat.hasNewerProperty().get()).isFalse();
        assertThat(chat.messages()).extracting(MessageItem::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, live).boxed().toList());
    }

    @Test
    void searchInThisChatFindsOnlyItsMessages() {
        bob.post(bobRoom, "Bring the picnic blanket");
        carol.post(carolRoom, "Picnic at noon?");
        alice.awaitSearchable("picnic", 2);
        startAlice();
        conversation.open(chat(bobRoom));
        chatSearch.show();

        searchFor(chatSearch, "picnic");

        assertThat(chatSearch.openProperty().get()).isTrue();
        assertThat(chatSearch.results()).extracting(SearchResult::roomUuid, SearchResult::text)
                .containsExactly(tuple(bobRoom, "Bring the picnic blanket"));
    }

    @Test
    void anotherChatClosesTheSearchInTheChatBefore() {
        startAlice();
        conversation.open(chat(bobRoom));
        chatSearch.show();
        chatSearch.queryProperty().set("picnic");

        conversation.open(chat(carolRoom));

        assertThat(chatSearch.openProperty().get()).isFalse();
        assertThat(chatSearch.queryProperty().get()).isEmpty();
    }

    @Test
    void moreResultsComeWithTheServersCursorNewestFirst() {
        LongStream.rangeClosed(1, 25).forEach(i -> bob.post(bobRoom, "marmalade number " + i));
        alice.awaitSearchable("marmalade", 25);
        startAlice();

        searchFor(search, "marmalade");
        int first = search.results().size();
        boolean more = search.moreProperty().get();
        search.more();
        fx.await("the next page", () -> !search.loadingMoreProperty().get());

        assertThat(first).isEqualTo(SearchViewModel.PAGE);
        assertThat(more).isTrue();
        assertThat(search.moreProperty().get()).isFalse();
        assertThat(search.results()).extracting(SearchResult::text).containsExactlyElementsOf(
                LongStream.iterate(25, i -> i >= 1, i -> i - 1).mapToObj(i -> "marmalade number " + i).toList());
    }

    @Test
    void aLateAnswerToAnEarlierQueryNeverReplacesTheNewerOnesResults() {
        bob.post(bobRoom, "alpha centauri");
        bob.post(bobRoom, "bravo company");
        alice.awaitSearchable("alpha", 1);
        alice.awaitSearchable("bravo", 1);
        CompletableFuture<Void> release = new CompletableFuture<>();
        AtomicReference<CompletableFuture<?>> alphaAnswer = new AtomicReference<>();
        startAlice(real -> intercepting(real, (query, answer) -> {
            if (!query.equals("alpha")) {
                return answer;
            }
            alphaAnswer.set(answer);
            return answer.thenCombine(release, (page, go) -> page); // held back until the test lets it go
        }));
        List<String> everShown = new ArrayList<>();
        search.results().addListener((ListChangeListener<SearchResult>) change -> {
            while (change.next()) {
                change.getAddedSubList().forEach(r -> everShown.add(r.text()));
            }
        });

        search.queryProperty().set("alpha");
        search.search();
        searchFor(search, "bravo");
        alphaAnswer.get().join();
        release.complete(null); // alpha's answer arrives now, after bravo's
        fx.runPending();

        assertThat(search.results()).extracting(SearchResult::text).containsExactly("bravo company");
        assertThat(everShown).containsExactly("bravo company");
    }

    @Test
    void enterAgainWhileTheSameSearchIsOnItsWayAsksTheServerOnce() {
        bob.post(bobRoom, "charlie brown");
        alice.awaitSearchable("charlie", 1);
        AtomicInteger asked = new AtomicInteger();
        startAlice(real -> intercepting(real, (query, answer) -> {
            asked.incrementAndGet();
            return answer;
        }));

        search.queryProperty().set("charlie");
        search.search();
        search.search();
        fx.await("the search answered", () -> search.stateProperty().get() == SearchViewModel.State.RESULTS);

        assertThat(asked.get()).isEqualTo(1);
        assertThat(search.results()).extracting(SearchResult::text).containsExactly("charlie brown");
    }

    @Test
    void htmlInAMessageStaysLiteralText() {
        String html = "<b>where</b> we <i>meet</i> <script>alert(1)</script>";
        bob.post(bobRoom, html);
        alice.awaitSearchable("meet", 1);
        startAlice();

        searchFor(search, "meet");

        SearchResult found = search.results().getFirst();
        assertThat(found.text()).isEqualTo(html);
        assertThat(found.snippet()).filteredOn(SearchPage.SnippetPart::match).extracting(SearchPage.SnippetPart::text)
                .containsExactly("meet");
    }

    @Test
    void aRateLimitedSearchSaysWhenToTryAgain() {
        startAlice(real -> intercepting(real, (query, answer) -> CompletableFuture.failedFuture(
                new ApiException(429, "rate_limited", "searching too fast: at most 5 searches a second", 2L))));

        searchFor(search, "anything");

        assertThat(search.stateProperty().get()).isEqualTo(SearchViewModel.State.FAILED);
        assertThat(search.statusProperty().get()).isEqualTo("Too many searches. Try again in 2 seconds.");
    }

    @Test
    void aServerOutOfReachSaysSoAndEnterTriesAgain() {
        startAlice(real -> intercepting(real, (query, answer) ->
                new ApiClient(URI.create("http://127.0.0.1:1"), alice.token()).search(query, null, null, 20)));

        searchFor(search, "anything");

        assertThat(search.stateProperty().get()).isEqualTo(SearchViewModel.State.FAILED);
        assertThat(search.statusProperty().get()).isEqualTo("Can't reach the server. Press Enter to try again.");
    }

    @Test
    void aDeletedMessagesResultGoesAtOnceFromBothSearchesWithoutAskingTheServerAgain() {
        bob.post(bobRoom, "walrus one");
        long two = bob.post(bobRoom, "walrus two");
        bob.post(bobRoom, "walrus three");
        alice.awaitSearchable("walrus", 3);
        AtomicInteger asked = new AtomicInteger();
        startAliceCounting(asked);
        searchFor(search, "walrus");
        conversation.open(chat(bobRoom));
        chatSearch.show();
        searchFor(chatSearch, "walrus");

        bobActs("delete", two, Map.of());

        assertThat(texts(search)).containsExactly("walrus three", "walrus one");
        assertThat(texts(chatSearch)).containsExactly("walrus three", "walrus one");
        assertThat(asked.get()).isEqualTo(2);
    }

    @Test
    void theLastResultDeletedLeavesNoResultsSaid() {
        long only = bob.post(bobRoom, "a lonely narwhal");
        alice.awaitSearchable("narwhal", 1);
        startAlice();
        searchFor(search, "narwhal");

        bobActs("delete", only, Map.of());

        assertThat(search.results()).isEmpty();
        assertThat(search.stateProperty().get()).isEqualTo(SearchViewModel.State.NO_RESULTS);
        assertThat(search.statusProperty().get()).isEqualTo("No messages match \"narwhal\"");
    }

    @Test
    void anEditedResultIsAskedForAgainAMomentLaterAndOnlyItsRowChanges() {
        bob.post(bobRoom, "walrus one");
        long two = bob.post(bobRoom, "walrus two");
        bob.post(bobRoom, "walrus three");
        alice.awaitSearchable("walrus", 3);
        AtomicInteger asked = new AtomicInteger();
        startAliceCounting(asked);
        searchFor(search, "walrus");
        List<SearchResult> before = List.copyOf(search.results());
        List<String> changes = new ArrayList<>();
        search.results().addListener((ListChangeListener<SearchResult>) change -> {
            while (change.next()) {
                changes.add((change.wasReplaced() ? "replaced " : change.wasAdded() ? "added " : "removed ")
                        + change.getFrom());
            }
        });

        bobActs("edit", two, Map.of("content", "walrus two, wearing a hat"));
        List<SearchResult> meanwhile = List.copyOf(search.results());
        alice.awaitSearchable("hat", 1); // the server has indexed the new text by the time the moment has passed
        scheduler.advance(SearchViewModel.REFRESH_DELAY);
        fx.await("the search was asked again", () -> asked.get() == 2 && !changes.isEmpty());

        assertThat(meanwhile).isEqualTo(before);
        assertThat(texts(search)).containsExactly("walrus three", "walrus two, wearing a hat", "walrus one");
        assertThat(search.results().get(0)).isSameAs(before.get(0));
        assertThat(search.results().get(2)).isSameAs(before.get(2));
        assertThat(changes).containsExactly("replaced 1");
        assertThat(search.stateProperty().get()).isEqualTo(SearchViewModel.State.RESULTS);
    }

    @Test
    void aResultEditedSoThatItNoLongerMatchesGoesOnceASecondLookMissesItToo() {
        bob.post(bobRoom, "walrus one");
        long two = bob.post(bobRoom, "walrus two");
        alice.awaitSearchable("walrus", 2);
        startAliceHoldingSearches();
        search.queryProperty().set("walrus");
        search.search();
        letThrough(UnaryOperator.identity());

        bobActs("edit", two, Map.of("content", "no tusks here"));
        alice.awaitSearchable("tusks", 1);
        scheduler.advance(SearchViewModel.REFRESH_DELAY);
        letThrough(UnaryOperator.identity());
        List<String> afterTheFirstLook = texts(search);
        scheduler.advance(SearchViewModel.LOOK_AGAIN_DELAY);
        letThrough(UnaryOperator.identity());

        assertThat(afterTheFirstLook).containsExactly("walrus two", "walrus one");
        assertThat(texts(search)).containsExactly("walrus one");
        assertThat(held).isEmpty(); // no third look
    }

    @Test
    void anEditedResultTheIndexHasNotCaughtUpWithStaysInPlaceAndComesBackOnTheSecondLook() {
        bob.post(bobRoom, "walrus one");
        long two = bob.post(bobRoom, "walrus two");
        bob.post(bobRoom, "walrus three");
        alice.awaitSearchable("walrus", 3);
        startAliceHoldingSearches();
        search.queryProperty().set("walrus");
        search.search();
        letThrough(UnaryOperator.identity());

        bobActs("edit", two, Map.of("content", "walrus two, wearing a hat"));
        scheduler.advance(SearchViewModel.REFRESH_DELAY);
        letThrough(page -> without(page, two)); // as the server answers while its index has the old text
        List<String> afterTheFirstLook = texts(search);
        alice.awaitSearchable("hat", 1);
        scheduler.advance(SearchViewModel.LOOK_AGAIN_DELAY);
        letThrough(UnaryOperator.identity());

        assertThat(afterTheFirstLook).containsExactly("walrus three", "walrus two", "walrus one");
        assertThat(texts(search)).containsExactly("walrus three", "walrus two, wearing a hat", "walrus one");
    }

    @Test
    void editsInABurstAskTheServerOnceTheyAreOver() {
        long one = bob.post(bobRoom, "walrus one");
        long two = bob.post(bobRoom, "walrus two");
        alice.awaitSearchable("walrus", 2);
        AtomicInteger asked = new AtomicInteger();
        startAliceCounting(asked);
        searchFor(search, "walrus");

        bobActs("edit", one, Map.of("content", "walrus one, edited"));
        scheduler.advance(SearchViewModel.REFRESH_DELAY.dividedBy(2));
        bobActs("edit", two, Map.of("content", "walrus two, edited"));
        scheduler.advance(SearchViewModel.REFRESH_DELAY.dividedBy(2));
        int halfway = asked.get();
        alice.awaitSearchable("edited", 2);
        scheduler.advance(SearchViewModel.REFRESH_DELAY);
        fx.await("the search was asked again", () -> asked.get() == 2
                && !search.stateProperty().get().equals(SearchViewModel.State.SEARCHING)
                && texts(search).contains("walrus one, edited"));

        assertThat(halfway).isEqualTo(1);
        assertThat(texts(search)).containsExactly("walrus two, edited", "walrus one, edited");
        assertThat(asked.get()).isEqualTo(2);
    }

    @Test
    void myOwnMessagesStartWithYouInADirectChatAsInAGroupAndOthersOnlyInAGroup() {
        UUID group = carol.createGroup("Seals", alice, bob);
        alice.post(bobRoom, "my walrus");
        bob.post(bobRoom, "your walrus");
        alice.post(group, "our walrus");
        carol.post(group, "carol's walrus");
        alice.awaitSearchable("walrus", 4);
        startAlice();

        searchFor(search, "walrus");

        assertThat(search.results()).extracting(SearchResult::text, SearchResult::prefix).containsExactly(
                tuple("carol's walrus", carol.username() + ": "), tuple("our walrus", "You: "),
                tuple("your walrus", ""), tuple("my walrus", "You: "));
    }

    @Test
    void choosingAResultMarksItsChatReadAsOpeningItDoes() {
        bob.post(bobRoom, "The otter is back");
        bob.postMany(bobRoom, "unread", 3);
        alice.awaitSearchable("otter", 1);
        startAlice();
        int unreadBefore = chat(bobRoom).unread();
        searchFor(search, "otter");

        CompletableFuture<MessageItem> shown = search.choose(search.results().getFirst());
        fx.await("the message is shown", shown::isDone);

        assertThat(unreadBefore).isEqualTo(4);
        assertThat(chat(bobRoom).unread()).isZero();
        assertThat(chat(bobRoom).myReadSeq()).isEqualTo(chat(bobRoom).lastSeq());
    }

    /** What a search's answer becomes: the query and the real client's answer in, the answer the app gets out. */
    private interface SearchAnswers {
        CompletableFuture<?> answer(String query, CompletableFuture<?> real);
    }

    /** The real client, except that each search's answer passes through {@code answers}. */
    private static ChatApi intercepting(ChatApi real, SearchAnswers answers) {
        return (ChatApi) Proxy.newProxyInstance(ChatApi.class.getClassLoader(), new Class<?>[] {ChatApi.class},
                (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    return method.getName().equals("search")
                            ? answers.answer((String) args[0], (CompletableFuture<?>) result) : result;
                });
    }
}
