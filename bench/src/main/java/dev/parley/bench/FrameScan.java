package dev.parley.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.parley.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The few fields of a server frame the group and storm scenarios need, read as a token stream: with thousands of members on
 * the same cores as the server, binding every frame to records (UUIDs, timestamps, nested views) would cost the load
 * generator more than the server spends writing it. The whole frame is still parsed, so malformed JSON fails.
 */
record FrameScan(String type, long seq, String roomUuid, String user, String content, boolean event, String code,
                 String message, String clientId, long retryAfterMs, java.util.List<String> hasMore) {

    /** The one frame of {@code text} (a batch is read as a frame of type {@code batch}, its frames skipped). */
    static FrameScan of(String text) {
        try (JsonParser parser = Json.mapper().createParser(text)) {
            return one(parser, () -> text);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable frame: " + text, e);
        }
    }

    /** {@link #of(String)} of a frame's UTF-8 bytes, as they came off the socket (no String is made of them). */
    static FrameScan of(byte[] utf8) {
        try (JsonParser parser = Json.mapper().createParser(utf8)) {
            return one(parser, () -> new String(utf8, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable frame: " + new String(utf8, StandardCharsets.UTF_8), e);
        }
    }

    /** Every frame of {@code text}, in order: the frame itself, or each frame of a batch ({@code /ws?batch=1}). */
    static void each(String text, Consumer<FrameScan> sink) {
        try (JsonParser parser = Json.mapper().createParser(text)) {
            each(parser, sink, () -> text);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable frame: " + text, e);
        }
    }

    /** {@link #each(String, Consumer)} of a WebSocket message's UTF-8 bytes. */
    static void each(byte[] utf8, Consumer<FrameScan> sink) {
        try (JsonParser parser = Json.mapper().createParser(utf8)) {
            each(parser, sink, () -> new String(utf8, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable frame: " + new String(utf8, StandardCharsets.UTF_8), e);
        }
    }

    private static FrameScan one(JsonParser parser, Supplier<String> text) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new IllegalStateException("not a frame: " + text.get());
        }
        return read(parser, null);
    }

    private static void each(JsonParser parser, Consumer<FrameScan> sink, Supplier<String> text) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new IllegalStateException("not a frame: " + text.get());
        }
        FrameScan frame = read(parser, sink);
        if (!"batch".equals(frame.type())) {
            sink.accept(frame);
        }
    }

    /** The object the parser is at (its START_OBJECT), up to its end; a batch's frames go to {@code batched}. */
    private static FrameScan read(JsonParser parser, Consumer<FrameScan> batched)
            throws IOException {
        String type = null;
        long seq = 0;
        String room = null;
        String user = null;
        String content = null;
        boolean event = false;
        String code = null;
        String message = null;
        String clientId = null;
        long retryAfterMs = 0;
        java.util.List<String> hasMore = java.util.List.of();
        int depth = 1;
        boolean inMessage = false;
        JsonToken token;
        while (depth > 0 && (token = parser.nextToken()) != null) {
            switch (token) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> {
                    depth--;
                    if (depth == 1) {
                        inMessage = false;
                    }
                }
                case FIELD_NAME -> {
                    String name = parser.currentName();
                    if (depth == 1) {
                        switch (name) {
                            case "type" -> type = parser.nextTextValue();
                            case "frames" -> {
                                if (batched != null && parser.nextToken() == JsonToken.START_ARRAY) {
                                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                                        batched.accept(read(parser, null));
                                    }
                                } else if (batched != null) {
                                    parser.skipChildren(); // not an array of frames: passed over whole
                                }
                            }
                            case "code" -> code = parser.nextTextValue();
                            case "client_id" -> clientId = parser.nextTextValue();
                            case "retry_after_ms" -> {
                                parser.nextToken();
                                retryAfterMs = parser.getLongValue();
                            }
                            case "has_more" -> {
                                parser.nextToken(); // [
                                java.util.List<String> rooms = new java.util.ArrayList<>();
                                while (parser.nextToken() == JsonToken.VALUE_STRING) {
                                    rooms.add(parser.getText());
                                }
                                hasMore = rooms;
                            }
                            case "message" -> {
                                if (parser.nextToken() == JsonToken.START_OBJECT) {
                                    depth++;
                                    inMessage = true;
                                } else {
                                    message = parser.getText();
                                }
                            }
                            default -> { }
                        }
                    } else if (depth == 2 && inMessage) {
                        switch (name) {
                            case "seq" -> {
                                parser.nextToken();
                                seq = parser.getLongValue();
                            }
                            case "room_uuid" -> room = parser.nextTextValue();
                            case "user" -> user = parser.nextTextValue();
                            case "content" -> content = parser.nextTextValue();
                            case "kind" -> event = "event".equals(parser.nextTextValue());
                            default -> { }
                        }
                    }
                }
                default -> { }
            }
        }
        return new FrameScan(type, seq, room, user, content, event, code, message, clientId, retryAfterMs, hasMore);
    }

    /** The nanoTime a bench message was meant to be sent at (its content starts with it). */
    long intendedNanos() {
        return Long.parseLong(content, 1, content.indexOf('|'), 10);
    }
}
