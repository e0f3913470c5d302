package dev.parley.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import dev.parley.protocol.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API documents as the server ships them ({@code api/openapi.yaml}, {@code api/asyncapi.yaml} from the protocol
 * jar), and JSON Schema validation against any schema in them, by JSON pointer. The AsyncAPI document's references
 * to {@code openapi.yaml#/...} resolve to the OpenAPI document, as they do next to each other on disk or served.
 *
 * <p>{@link Mode#STRICT} validates against a copy of the documents in which every object schema that lists its
 * properties allows no others: what clients send (requests, client frames) is documented open, since the server
 * ignores unknown fields, but an example of it must use only documented fields.
 */
final class ApiSchemas {

    enum Mode { AS_WRITTEN, STRICT }

    static final String OPENAPI = "openapi.yaml";
    static final String ASYNCAPI = "asyncapi.yaml";
    private static final String BASE = "https://parley.test/api/";
    private static final String STRICT_BASE = "https://parley.test/strict/";

    private static final ApiSchemas INSTANCE = new ApiSchemas();

    private final Map<String, JsonNode> documents = new HashMap<>();
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private ApiSchemas() {
        Map<String, String> sources = new HashMap<>();
        for (String name : List.of(OPENAPI, ASYNCAPI)) {
            JsonNode document = read(name);
            documents.put(name, document);
            sources.put(BASE + name, Json.write(document));
            sources.put(STRICT_BASE + name, Json.write(closed(document.deepCopy())));
        }
        registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(), builder -> builder
                .schemas(sources)
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    }

    static ApiSchemas get() {
        return INSTANCE;
    }

    /** The document as parsed from the classpath ({@link #OPENAPI} or {@link #ASYNCAPI}). */
    JsonNode document(String name) {
        return documents.get(name);
    }

    /** The document's text, as the protocol jar holds it. */
    static String text(String name) {
        try (InputStream in = ApiSchemas.class.getResourceAsStream("/api/" + name)) {
            if (in == null) {
                throw new IllegalStateException("/api/" + name + " is not on the test classpath");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The validation errors of {@code instance} against the schema at {@code pointer} (a JSON pointer, such as
     * {@code /components/schemas/RoomView}) of the document {@code name}; empty when it is valid.
     */
    List<String> errors(String name, String pointer, JsonNode instance, Mode mode) {
        String location = (mode == Mode.STRICT ? STRICT_BASE : BASE) + name + "#" + pointer;
        Schema schema = schemas.computeIfAbsent(location, at -> registry.getSchema(SchemaLocation.of(at)));
        return schema.validate(Json.write(instance), InputFormat.JSON).stream()
                .map(error -> error.getInstanceLocation() + ": " + error.getMessage())
                .toList();
    }

    /** Escapes a key (a path such as {@code /api/rooms/}, a media type) for a JSON pointer. */
    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static JsonNode read(String name) {
        try {
            return new YAMLMapper().readTree(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every object schema with {@code properties} and no word on others gets {@code additionalProperties: false}. */
    private static JsonNode closed(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            if (object.path("type").asText().equals("object") && object.has("properties")
                    && !object.has("additionalProperties")) {
                object.put("additionalProperties", false);
            }
            object.properties().forEach(entry -> closed(entry.getValue()));
        } else if (node.isArray()) {
            node.forEach(ApiSchemas::closed);
        }
        return node;
    }
}
