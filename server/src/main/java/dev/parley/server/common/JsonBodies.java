package dev.parley.server.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.parley.protocol.Json;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes JSON bodies with the protocol's shared mapper: the one place where REST meets Jackson.
 * Bodies larger than {@link #MAX_BODY_BYTES} are refused with 413 before they are parsed.
 */
public final class JsonBodies {

    /** The largest accepted request body and WebSocket text frame. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /** A UUID parameter in its canonical form, else 400 naming the parameter. */
    public static java.util.UUID uuid(String name, String value) {
        try {
            java.util.UUID uuid = java.util.UUID.fromString(value);
            if (!uuid.toString().equalsIgnoreCase(value)) {
                throw new IllegalArgumentException(value);
            }
            return uuid;
        } catch (IllegalArgumentException e) {
            throw ApiException.validation(name + " is not a valid UUID");
        }
    }

    private JsonBodies() {
    }

    /** Parses the request body as {@code type}, or throws an {@link ApiException} saying what is wrong. */
    public static <T> T read(ServerRequest req, Class<T> type) {
        return convert(readTree(req), type);
    }

    /** Parses the request body into a tree (for bodies whose fields are checked one by one), or throws a 400. */
    public static JsonNode readTree(ServerRequest req) {
        long declared = req.headers().contentLength().orElse(-1L);
        if (declared > MAX_BODY_BYTES) {
            throw ApiException.tooLarge("request body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        if (!req.content().hasEntity()) {
            throw ApiException.badRequest("a JSON body is required");
        }
        byte[] body;
        try (InputStream in = req.content().inputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw ApiException.tooLarge("request body is larger than " + MAX_BODY_BYTES + " bytes");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tree(decodeUtf8(body));
    }

    /** Parses JSON text as {@code type}, translating every Jackson failure into a 400 with a readable message. */
    public static <T> T parse(String json, Class<T> type) {
        return convert(tree(json), type);
    }

    /** Parses JSON text into a tree (for a look at a field before binding), or throws a 400. */
    public static JsonNode tree(String json) {
        if (json.isBlank()) {
            throw ApiException.badRequest("a JSON body is required");
        }
        try {
            JsonNode tree = Json.mapper().readTree(json);
            if (tree == null || tree.isNull()) {
                throw ApiException.badRequest("expected a JSON object, got null");
            }
            return tree;
        } catch (StreamConstraintsException e) {
            throw ApiException.badRequest("JSON is nested too deeply");
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * Refuses (400) a body that is not a JSON object, or that has a field other than {@code fields}: for bodies whose
     * fields are checked one by one ({@code what} names them in the messages, e.g. "a profile has display_name and
     * about").
     */
    public static void requireObjectOf(JsonNode body, String what, java.util.Set<String> fields) {
        if (!body.isObject()) {
            throw ApiException.validation("expected a JSON object: " + what);
        }
        for (java.util.Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw ApiException.validation("unknown field: " + name + " (" + what + ")");
            }
        }
    }

    /** Binds a parsed tree to {@code type}, translating every Jackson failure into a 400 with a readable message. */
    public static <T> T convert(JsonNode tree, Class<T> type) {
        try {
            T value = Json.mapper().treeToValue(tree, type);
            if (value == null) {
                throw ApiException.badRequest("expected a JSON object, got null");
            }
            return value;
        } catch (ValueInstantiationException e) {
            // A record's compact constructor refused the value: requireNonNull names the missing field.
            Throwable cause = e.getCause();
            if (cause instanceof NullPointerException npe && npe.getMessage() != null) {
                throw ApiException.validation("missing field: " + npe.getMessage());
            }
            throw ApiException.validation(cause == null ? "invalid value" : String.valueOf(cause.getMessage()));
        } catch (InvalidTypeIdException e) {
            throw ApiException.badRequest(e.getTypeId() == null
                    ? "missing field: type"
                    : "unknown type: " + e.getTypeId());
        } catch (InvalidFormatException e) {
            throw ApiException.validation("invalid value for " + path(e) + ": " + e.getValue());
        } catch (MismatchedInputException e) {
            throw ApiException.validation(path(e).isEmpty()
                    ? "expected a JSON object"
                    : "wrong type for " + path(e));
        } catch (StreamConstraintsException e) {
            throw ApiException.badRequest("JSON is nested too deeply");
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** Decodes UTF-8 strictly: invalid byte sequences are a 400, not silently replaced characters. */
    public static String decodeUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("body is not valid UTF-8");
        }
    }

    /** Sends {@code value} as JSON with the given status. */
    public static void send(ServerResponse res, Status status, Object value) {
        res.status(status);
        res.headers().contentType(MediaTypes.APPLICATION_JSON);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(Json.writeBytes(value)); // UTF-8 straight from the generator, no String in between
    }

    /** Sends {@code value} as JSON with 200 OK. */
    public static void send(ServerResponse res, Object value) {
        send(res, Status.OK_200, value);
    }

    private static String path(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
