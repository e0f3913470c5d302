package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Message search against a real node and database: what people expect to find (words in any order, the word being
 * typed, without case or accents, codes and text written without spaces), and nothing they may not see (other
 * people's rooms, a group's history before they joined or after they left, deleted messages, replaced texts,
 * membership events). The index follows the log a moment behind: each test waits, by searching, until what it
 * just sent is found before it asserts what is not.
 */
class SearchTest {

    private static final Duration INDEXED = Duration.ofSeconds(15);
    private static final AtomicInteger IDS = new AtomicInteger();
    private final Api api = Api.shared();

    @Test
    void findsWordsInAnyOrderTheWordBeingTypedAndIgnoresCaseAndAccents() {
        Api.User alice = api.register("srw");
        Api.User bob = api.register("srwb");
        UUID room = api.room(alice, bob);
        String tag = tag();
        send(alice, room, "Let's meet at the Café near the station " + tag);
        send(bob, room, "I prefer the meat market " + tag);

        awaitCount(bob, tag, 2);
        assertThat(texts(search(bob, "cafe mee " + tag))).containsExactly("Let's meet at the Café near the station " + tag);
        assertThat(texts(search(bob, tag + " STATION let's"))).hasSize(1);
        assertThat(texts(search(alice, "CAFÉ " + tag))).hasSize(1);
        assertThat(texts(search(alice, "mea " + tag))).containsExactly("I prefer the meat market " + tag);
        assertThat(texts(search(alice, "meeting " + tag))).isEmpty(); // every word must match
    }

    @Test
    void findsCodesAndTextWrittenWithoutSpacesAsSubstrings() {
        Api.User alice = api.register("srs");
        Api.User bob = api.register("srsb");
        UUID room = api.room(alice, bob);
        String tag = tag();
        send(alice, room, "ticket " + tag + "-A14 is open");
        send(alice, room, "明日は東京タワーに行く " + tag);

        awaitCount(bob, tag, 2);
        assertThat(texts(search(bob, tag + "-A"))).containsExactly("ticket " + tag + "-A14 is open");
        assertThat(texts(search(bob, "タワー " + tag))).containsExactly("明日は東京タワーに行く " + tag);
        assertThat(texts(search(bob, "100%_" + tag))).isEmpty(); // LIKE's wildcards are literal characters here
    }

    @Test
    void findsWordsInsideAddressesAndFileNamesOfAttachments() {
        Api.User alice = api.register("sra");
        Api.User bob = api.register("srab");
        UUID room = api.room(alice, bob);
        String tag = tag();
        send(alice, room, "see www.example.com/" + tag + " or mail alice@example.org");
        UUID file = AttachmentClient.shared().uploaded(alice, room, "Quarterly-Budget-" + tag + ".txt",
                "numbers".getBytes(StandardCharsets.UTF_8));
        assertThat(api.post("/api/messages/", alice.token(), Map.of("room", room.toString(),
                "attachments", List.of(file.toString()))).status()).isEqualTo(201);

        awaitCount(bob, tag, 2);
        assertThat(texts(search(bob, "example " + tag))).containsExactly("see www.example.com/" + tag
                + " or mail alice@example.org");
        JsonNode hit = search(bob, "budget " + tag).json().get("results").get(0);
        assertThat(hit.get("message").get("attachments").get(0).get("name").asText())
                .isEqualTo("Quarterly-Budget-" + tag + ".txt");
        assertThat(matched(hit.get("snippet"))).containsExactly("Budget", tag);
    }

    @Test
    void aMessageOfOneVeryLongWordIsIndexedAndFound() {
        Api.User alice = api.register("srv");
        Api.User bob = api.register("srvb");
        UUID room = api.room(alice, bob);
        String tag = tag();
        String longWord = "x".repeat(3000) + " and " + tag; // a "word" too long for the word index
        send(alice, room, longWord);
        send(alice, room, "after the long one " + tag);

        awaitCount(bob, tag, 2); // it did not stop the indexer, and the rest of it is found
        assertThat(texts(search(bob, "and " + tag))).containsExactly(longWord);
    }

    @Test
    void findsOnlyTheCallersRoomsAndOneRoomWhenAsked() {
        Api.User alice = api.register("sro");
        Api.User bob = api.register("srob");
        Api.User carol = api.register("sroc");
        UUID withBob = api.room(alice, bob);
        UUID withCarol = api.room(alice, carol);
        String tag = tag();
        send(alice, withBob, "to bob " + tag);
        send(alice, withCarol, "to carol " + tag);

        awaitCount(alice, tag, 2);
        assertThat(texts(search(bob, tag))).containsExactly("to bob " + tag);
        assertThat(texts(search(carol, tag))).containsExactly("to carol " + tag);
        assertThat(texts(api.get("/api/search/?q=" + tag + "&room_uuid=" + withCarol, alice.token())))
                .containsExactly("to carol " + tag);
        // A room the caller was never in: 404, as for every other route (nothing learnt about it).
        assertThat(api.get("/api/search/?q=" + tag + "&room_uuid=" + withCarol, bob.token()).status()).isEqualTo(404);
        assertThat(api.get("/api/search/?q=" + tag, null).status()).isEqualTo(401);
    }

    @Test
    void aHitCarriesTheMessageViewItsRoomAndNewestComesFirst() {
        Api.User alice = api.register("srh");
        Api.User bob = api.register("srhb");
        UUID group = api.group(alice, "Trip " + tag(), bob);
        String tag = tag();
        JsonNode first = send(alice, group, "first " + tag);
        JsonNode second = send(bob, group, "second " + tag);

        awaitCount(alice, tag, 2);
        JsonNode results = search(alice, tag).json().get("results");
        assertThat(results.get(0).get("message").get("message_uuid").asText())
                .isEqualTo(second.get("message_uuid").asText());
        assertThat(results.get(1).get("message").get("message_uuid").asText())
                .isEqualTo(first.get("message_uuid").asText());
        JsonNode hit = results.get(1);
        assertThat(hit.get("message").get("user").asText()).isEqualTo(alice.username());
        assertThat(hit.get("message").get("seq").asLong()).isEqualTo(first.get("seq").asLong());
        assertThat(hit.get("room").get("room_uuid").asText()).isEqualTo(group.toString());
        assertThat(hit.get("room").get("room_name").asText()).startsWith("Trip ");
        assertThat(hit.get("room").get("kind").asText()).isEqualTo("group");
    }

    @Test
    void anEditedMessageIsFoundByItsCurrentTextOnlyAndADeletedOneNever() {
        Api.User alice = api.register("sre");
        Api.User bob = api.register("sreb");
        UUID room = api.room(alice, bob);
        String tag = tag();
        JsonNode edited = send(alice, room, "meet at the harbour " + tag);
        JsonNode deleted = send(alice, room, "the secret password " + tag);
        awaitCount(bob, tag, 2);

        assertThat(api.patch("/api/messages/" + edited.get("message_uuid").asText() + "/", alice.token(),
                Map.of("content", "meet at the lighthouse " + tag)).status()).isEqualTo(200);
        assertThat(api.delete("/api/messages/" + deleted.get("message_uuid").asText() + "/", alice.token()).status())
                .isEqualTo(200);

        awaitFound(bob, "lighthouse " + tag);
        assertThat(texts(search(bob, "harbour " + tag))).isEmpty();
        assertThat(texts(search(bob, "secret " + tag))).isEmpty();
        assertThat(texts(search(bob, tag))).containsExactly("meet at the lighthouse " + tag);
        JsonNode hit = search(bob, tag).json().get("results").get(0).get("message");
        assertThat(hit.get("edited_at").isNull()).isFalse();
    }

    @Test
    void aGroupMemberFindsNothingFromBeforeTheyJoinedNorAfterTheyLeftButWhatTheySawStays() {
        Api.User alice = api.register("srg");
        Api.User bob = api.register("srgb");
        Api.User carol = api.register("srgc");
        UUID group = api.group(alice, "Plans", bob);
        String tag = tag();
        send(alice, group, "before carol " + tag);
        assertThat(api.post("/api/rooms/" + group + "/members/", alice.token(),
                Map.of("users", List.of(carol.username()))).status()).isEqualTo(200);
        JsonNode seen = send(alice, group, "while carol is here " + tag);
        awaitCount(carol, tag, 1);
        assertThat(texts(search(carol, tag))).containsExactly("while carol is here " + tag);

        assertThat(api.delete("/api/rooms/" + group + "/members/" + carol.username() + "/", alice.token()).status())
                .isEqualTo(204);
        send(alice, group, "after carol left " + tag);
        // Edited after she left: she saw (and finds) the text as it was, not the new one.
        assertThat(api.patch("/api/messages/" + seen.get("message_uuid").asText() + "/", alice.token(),
                Map.of("content", "rewritten later " + tag)).status()).isEqualTo(200);
        awaitFound(bob, "rewritten " + tag);
        awaitFound(bob, "after carol " + tag);

        assertThat(texts(search(carol, tag))).containsExactly("while carol is here " + tag);
        assertThat(texts(search(carol, "rewritten " + tag))).isEmpty();
        assertThat(texts(search(carol, "after " + tag))).isEmpty();
        assertThat(texts(search(carol, "before " + tag))).isEmpty();
        assertThat(texts(api.get("/api/search/?q=" + tag + "&room_uuid=" + group, carol.token())))
                .containsExactly("while carol is here " + tag);
    }

    @Test
    void membershipEventsAreNeverFound() {
        Api.User alice = api.register("srm");
        Api.User bob = api.register("srmb");
        String tag = tag();
        UUID group = api.group(alice, "Zebra " + tag, bob);
        send(alice, group, "a message " + tag);
        awaitFound(bob, "message " + tag);

        assertThat(texts(search(bob, "zebra " + tag))).isEmpty();
        assertThat(texts(search(bob, tag))).containsExactly("a message " + tag);
    }

    @Test
    void pagesGoBackInTimeWithoutGapsOrRepeats() {
        Api.User alice = api.register("srp");
        Api.User bob = api.register("srpb");
        UUID room = api.room(alice, bob);
        String tag = tag();
        for (int i = 1; i <= 25; i++) {
            send(i % 2 == 0 ? alice : bob, room, "note " + i + " " + tag);
        }
        awaitCount(alice, tag, 20);
        Eventually.await(INDEXED, "all 25 indexed",
                () -> texts(api.get("/api/search/?q=" + tag + "&limit=50", alice.token())).size() == 25);

        List<String> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            Api.Response page = api.get("/api/search/?q=" + tag + "&limit=10"
                    + (next == null ? "" : "&before=" + next), alice.token());
            assertThat(page.status()).isEqualTo(200);
            seen.addAll(texts(page));
            next = page.json().get("next").isNull() ? null : page.json().get("next").asText();
            pages++;
        } while (next != null && pages < 10);

        assertThat(pages).isEqualTo(3);
        List<String> expected = new ArrayList<>();
        for (int i = 25; i >= 1; i--) {
            expected.add("note " + i + " " + tag);
        }
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void badRequestsAreRefusedClearly() {
        Api.User alice = api.register("srx");
        for (String query : List.of("", "?q=", "?q=%20%20", "?q=a&limit=0", "?q=a&limit=51", "?q=a&limit=x",
                "?q=a&before=not-a-cursor", "?q=a&room_uuid=nope", "?q=" + "a".repeat(201))) {
            Api.Response response = api.get("/api/search/" + query, alice.token());
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.json().get("error").asText()).as(query).isEqualTo("validation");
        }
        assertThat(api.get("/api/search/?q=a&room_uuid=" + UUID.randomUUID(), alice.token()).status()).isEqualTo(404);
    }

    @Test
    void theSnippetIsPlainTextPartsAroundTheMatchSoHtmlStaysText() {
        Api.User alice = api.register("srn");
        Api.User bob = api.register("srnb");
        UUID room = api.room(alice, bob);
        String tag = tag();
        send(alice, room, "<b>bold</b> <img src=x onerror=alert(1)> meet " + tag);
        String filler = "word ".repeat(60);
        send(alice, room, filler + "the needle" + tag + " is here " + filler);

        awaitFound(bob, "meet " + tag);
        awaitFound(bob, "needle" + tag);
        JsonNode html = search(bob, "meet " + tag).json().get("results").get(0).get("snippet");
        assertThat(joined(html)).isEqualTo("<b>bold</b> <img src=x onerror=alert(1)> meet " + tag);
        assertThat(matched(html)).containsExactly("meet", tag);

        JsonNode window = search(bob, "needle" + tag).json().get("results").get(0).get("snippet");
        assertThat(matched(window)).containsExactly("needle" + tag);
        assertThat(joined(window)).startsWith("…").endsWith("…").contains("the needle" + tag + " is here");
        assertThat(joined(window).length()).isLessThan(200);
    }

    @Test
    void chatsAreFoundByGroupNameAndByMembersNames() {
        Api.User alice = api.register("src");
        Api.User bob = api.register("srcbob");
        Api.User carol = api.register("srccarol");
        String tag = tag();
        UUID group = api.group(alice, "Café Crew " + tag, carol);
        UUID direct = api.room(alice, bob);

        assertThat(roomUuids(api.get("/api/rooms/?q=cafe%20crew%20" + tag, alice.token()))).containsExactly(group.toString());
        assertThat(roomUuids(api.get("/api/rooms/?q=" + bob.username().toUpperCase(), alice.token())))
                .containsExactly(direct.toString());
        assertThat(roomUuids(api.get("/api/rooms/?q=" + carol.username(), alice.token()))).containsExactly(group.toString());
        assertThat(roomUuids(api.get("/api/rooms/?q=" + alice.username(), alice.token()))).isEmpty(); // not by oneself
        assertThat(roomUuids(api.get("/api/rooms/", alice.token()))).hasSize(2);
    }

    @Test
    void searchingTooFastIsRefusedWithRetryAfter() {
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of("parley.limits.searches-burst", "3",
                "parley.limits.searches-per-second", "1"))) {
            Api small = new Api(java.net.URI.create("http://127.0.0.1:" + node.server().port()));
            Api.User alice = small.register("srl");
            List<Integer> statuses = new ArrayList<>();
            Api.Response last = null;
            for (int i = 0; i < 6; i++) {
                last = small.get("/api/search/?q=anything", alice.token());
                statuses.add(last.status());
            }
            assertThat(statuses.subList(0, 3)).containsOnly(200);
            assertThat(statuses).contains(429);
            assertThat(last.status()).isEqualTo(429);
            assertThat(last.headers().firstValue("Retry-After")).isPresent();
        }
    }

    @Test
    void whatNoNodeIndexedIsIndexedByTheNextNodeThatStarts() {
        java.nio.file.Path data = TestServer.freshDataDir();
        String tag = tag();
        Api.User alice;
        try (Parley unindexed = TestServer.start(data, Map.of("parley.search.indexing", "false"))) {
            Api first = new Api(java.net.URI.create("http://127.0.0.1:" + unindexed.server().port()));
            alice = first.register("sri");
            UUID room = first.room(alice, first.register("srib"));
            assertThat(first.post("/api/messages/", alice.token(), Map.of("room", room.toString(),
                    "content", "written while nobody indexed " + tag)).status()).isEqualTo(201);
            assertThat(first.get("/api/search/?q=" + tag, alice.token()).json().get("results")).isEmpty();
        }
        try (Parley indexing = TestServer.start(data, Map.of())) {
            Api second = new Api(java.net.URI.create("http://127.0.0.1:" + indexing.server().port()));
            Eventually.await(INDEXED, "the sweep at start indexed it", () -> second.get("/api/search/?q=" + tag,
                    alice.token()).json().get("results").size() == 1);
        }
    }

    // --- helpers ---

    private static String tag() {
        return "q" + Long.toString(System.nanoTime(), 36) + IDS.incrementAndGet();
    }

    private JsonNode send(Api.User user, UUID room, String text) {
        Api.Response response = api.post("/api/messages/", user.token(), Map.of("room", room.toString(),
                "content", text, "client_id", "s-" + IDS.incrementAndGet()));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    private Api.Response search(Api.User user, String q) {
        Api.Response response = api.get("/api/search/?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), user.token());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response;
    }

    private void awaitFound(Api.User user, String q) {
        awaitCount(user, q, 1);
    }

    private void awaitCount(Api.User user, String q, int count) {
        Eventually.await(INDEXED, count + " results for " + q, () -> texts(search(user, q)).size() >= count);
    }

    private static List<String> texts(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return StreamSupport.stream(response.json().get("results").spliterator(), false)
                .map(hit -> hit.get("message").get("content").asText()).toList();
    }

    private static String joined(JsonNode snippet) {
        StringBuilder text = new StringBuilder();
        snippet.forEach(part -> text.append(part.get("text").asText()));
        return text.toString();
    }

    private static List<String> matched(JsonNode snippet) {
        return StreamSupport.stream(snippet.spliterator(), false).filter(part -> part.get("match").asBoolean())
                .map(part -> part.get("text").asText()).toList();
    }

    private static List<String> roomUuids(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return StreamSupport.stream(response.json().spliterator(), false).map(room -> room.get("room_uuid").asText())
                .toList();
    }
}
