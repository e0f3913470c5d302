package dev.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The golden examples under {@code golden/} are the wire contract: every frame type has one, each one reads into
 * its record and writes back to the same JSON. The browser client's tests feed the same files to its frame handler.
 */
class GoldenJsonTest {

    static Stream<Arguments> clientFrames() {
        return names(ClientFrame.class).stream().map(name -> Arguments.of(name));
    }

    static Stream<Arguments> serverFrames() {
        return names(ServerFrame.class).stream().map(name -> Arguments.of(name));
    }

    @ParameterizedTest(name = "client frame {0}")
    @MethodSource("clientFrames")
    void everyClientFrameRoundTripsThroughItsRecord(String type) throws IOException {
        JsonNode golden = golden("client/" + type + ".json");

        ClientFrame frame = Json.mapper().treeToValue(golden, ClientFrame.class);

        assertThat(written(frame)).isEqualTo(golden);
    }

    @ParameterizedTest(name = "server frame {0}")
    @MethodSource("serverFrames")
    void everyServerFrameRoundTripsThroughItsRecord(String type) throws IOException {
        JsonNode golden = golden("server/" + type + ".json");

        ServerFrame frame = Json.mapper().treeToValue(golden, ServerFrame.class);

        assertThat(written(frame)).isEqualTo(golden);
    }

    @Test
    void restBodiesRoundTripThroughTheirRecords() throws IOException {
        for (var example : List.of(
                Arguments.of("rest/room.json", RoomView.class),
                Arguments.of("rest/room-group.json", RoomView.class),
                Arguments.of("rest/room-group-info.json", RoomView.class),
                Arguments.of("server/event.json", ServerFrame.class),
                Arguments.of("rest/message.json", MessageView.class),
                Arguments.of("rest/message-deleted.json", MessageView.class),
                Arguments.of("rest/message-with-attachments.json", MessageView.class),
                Arguments.of("rest/attachment-uploaded.json", UploadedAttachment.class),
                Arguments.of("rest/attachment-uploaded-file.json", UploadedAttachment.class),
                Arguments.of("rest/limits.json", LimitsView.class),
                Arguments.of("rest/search-page.json", SearchPage.class),
                Arguments.of("rest/user.json", UserView.class),
                Arguments.of("rest/auth-response.json", AuthResponse.class),
                Arguments.of("rest/error.json", ErrorBody.class),
                Arguments.of("rest/session.json", SessionView.class),
                Arguments.of("rest/blocked-user.json", BlockedUserView.class))) {
            JsonNode golden = golden((String) example.get()[0]);
            Object value = Json.mapper().treeToValue(golden, (Class<?>) example.get()[1]);
            assertThat(written(value)).as((String) example.get()[0]).isEqualTo(golden);
        }
    }

    @Test
    void anUpdateCarriesTheChangedMessageWithItsQuoteAndGroupedReactions() throws IOException {
        ServerFrame.Update frame = (ServerFrame.Update) Json.mapper().treeToValue(golden("server/update.json"),
                ServerFrame.class);

        assertThat(frame.seq()).isGreaterThan(frame.message().seq());
        assertThat(frame.message().replyTo().content()).isEqualTo("Where do we meet?");
        assertThat(frame.message().withQuoteHidden().replyTo().content()).isNull();
        assertThat(frame.message().reactions()).extracting(MessageView.Reaction::emoji).containsExactly("👍", "❤️");
    }

    @Test
    void aMessageFromAServerBeforeMessageActionsReadsAsNeverEditedNorDeleted() throws IOException {
        String old = """
                {"message_uuid":"5b0c8b9e-2f7a-4c55-9a39-0a4f3f6f2f10","content":"hi","room":"r",
                 "room_uuid":"0d6f4a3c-6c1e-4b7e-9a57-3c2b8f0e4d21","user":"alice",
                 "created_at":"2026-11-24T09:15:02Z","seq":1}""";

        MessageView view = Json.mapper().readValue(old, MessageView.class);

        assertThat(view.deleted()).isFalse();
        assertThat(view.editedAt()).isNull();
        assertThat(view.replyTo()).isNull();
        assertThat(view.reactions()).isEmpty();
    }

    @Test
    void aSendWithAttachmentsRoundTripsAndNeedsNoCaption() throws IOException {
        JsonNode golden = golden("client/send-with-attachments.json");

        ClientFrame.Send frame = (ClientFrame.Send) Json.mapper().treeToValue(golden, ClientFrame.class);
        ClientFrame.Send uncaptioned = (ClientFrame.Send) Json.mapper().readValue("""
                {"type":"send","room_uuid":"8e1f2c4d-1a2b-4c3d-9e8f-7a6b5c4d3e2f","client_id":"c-1",
                 "attachments":["0199a3f2-6c1d-7e4a-9b2f-5d8e1c3a7b60"]}""", ClientFrame.class);

        assertThat(written(frame)).isEqualTo(golden);
        assertThat(frame.attachments()).hasSize(2);
        assertThat(uncaptioned.content()).isEmpty();
    }

    @Test
    void aRestSendWithAttachmentsNeedsNoContent() throws IOException {
        SendMessageRequest request = Json.mapper().treeToValue(golden("rest/send-with-attachments.json"),
                SendMessageRequest.class);

        assertThat(request.content()).isEmpty();
        assertThat(request.attachments()).containsExactly(
                java.util.UUID.fromString("0199a3f2-6c1d-7e4a-9b2f-5d8e1c3a7b60"));
    }

    @Test
    void aMessageCarriesItsAttachmentsWithTheirUrls() throws IOException {
        MessageView view = Json.mapper().treeToValue(golden("rest/message-with-attachments.json"), MessageView.class);

        assertThat(view.attachments()).containsExactly(
                AttachmentView.of(java.util.UUID.fromString("0199a3f2-6c1d-7e4a-9b2f-5d8e1c3a7b60"), "IMG_2041.jpg",
                        "image/jpeg", 2483201, 3024, 4032, true),
                AttachmentView.of(java.util.UUID.fromString("0199a3f2-7a40-7b11-8c3e-2f9d4e6a1b75"),
                        "boarding pass.pdf", "application/pdf", 181344, null, null, false));
    }

    @Test
    void aMessageFromAServerBeforeAttachmentsHasNone() throws IOException {
        MessageView view = Json.mapper().readValue("""
                {"message_uuid":"5b0c8b9e-2f7a-4c55-9a39-0a4f3f6f2f10","content":"hi","room":"r",
                 "room_uuid":"0d6f4a3c-6c1e-4b7e-9a57-3c2b8f0e4d21","user":"alice",
                 "created_at":"2026-11-24T09:15:02Z","seq":1}""", MessageView.class);

        assertThat(view.attachments()).isEmpty();
    }

    @Test
    void aReactionRemovalSaysEmojiNullOnTheWire() {
        String frame = Json.write(new ClientFrame.React(java.util.UUID.randomUUID(), 3, null, "c-1"));

        assertThat(frame).contains("\"emoji\":null");
    }

    @Test
    void aMembershipEventIsAMessageFrameWhoseViewDescribesTheEvent() throws IOException {
        ServerFrame.Message frame = (ServerFrame.Message) Json.mapper().treeToValue(golden("server/event.json"),
                ServerFrame.class);

        assertThat(frame.message().roomEvent()).isTrue();
        assertThat(frame.message().event().users()).containsExactly("dave", "erin");
        assertThat(frame.message().event().describe()).isEqualTo(frame.message().content());
    }

    @Test
    void aMessageFromAnOlderServerWithoutKindReadsAsAMessage() throws IOException {
        MessageView view = Json.mapper().readValue("""
                {"message_uuid":"5b0c8b9e-2f7a-4c55-9a39-0a4f3f6f2f10","content":"hi","room":"a & b",
                 "room_uuid":"0d6f4a3c-6c1e-4b7e-9a57-3c2b8f0e4d21","user":"alice",
                 "created_at":"2026-11-24T09:15:02Z","seq":1}""", MessageView.class);

        assertThat(view.kind()).isEqualTo(MessageView.MESSAGE);
        assertThat(view.roomEvent()).isFalse();
    }

    @Test
    void aFrameMissingARequiredFieldIsRefused() {
        assertThat(Arrays.asList(
                "{\"type\":\"send\",\"room_uuid\":\"0d6f4a3c-6c1e-4b7e-9a57-3c2b8f0e4d21\",\"content\":\"x\"}",
                "{\"type\":\"read\",\"room_uuid\":\"0d6f4a3c-6c1e-4b7e-9a57-3c2b8f0e4d21\",\"seq\":\"4\"}",
                "{\"type\":\"typing\"}"))
                .allSatisfy(json -> org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> Json.mapper().readValue(json, ClientFrame.class)).isInstanceOf(IOException.class));
    }

    /** What the record writes, read back as a tree (so numbers compare by value, not by node class). */
    private static JsonNode written(Object value) throws IOException {
        return Json.mapper().readTree(Json.write(value));
    }

    private static List<String> names(Class<?> sealed) {
        return Arrays.stream(sealed.getAnnotation(JsonSubTypes.class).value()).map(JsonSubTypes.Type::name).toList();
    }

    private static JsonNode golden(String path) throws IOException {
        try (InputStream in = GoldenJsonTest.class.getResourceAsStream("/golden/" + path)) {
            assertThat(in).as("golden example " + path).isNotNull();
            return Json.mapper().readTree(in);
        }
    }
}
