package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A REST client that knows the API only from its OpenAPI document, read from the server: it finds an operation by
 * its {@code operationId}, builds the URL from the document's {@code servers} and the operation's path template and
 * parameters (refusing any parameter the document does not declare, and requiring the required ones), sends the
 * body as the operation's request body says, and checks every answer: its status must be one the operation
 * documents (not merely {@code default}), its content type one of that response's, its JSON body valid against that
 * response's schema, its required headers present. It remembers which operations it called with which statuses.
 */
final class OpenApiClient {

    /** An answer that matched the document. */
    record Answer(String operationId, int status, JsonNode json, byte[] bytes, HttpHeaders headers) {
        String text(String field) {
            return json.get(field).asText();
        }
    }

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options",
            "trace");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final JsonNode document;
    private final URI base;
    private final Map<String, Operation> operations = new TreeMap<>();
    private final Map<String, Set<Integer>> called = new ConcurrentHashMap<>();
    private final ApiSchemas schemas = ApiSchemas.get();

    /** An operation of the document: where it is, and its JSON pointer. */
    private record Operation(String id, String method, String path, JsonNode spec, JsonNode pathItem, String pointer) {
    }

    /** Reads the document at {@code documentUrl} (as JSON) and takes the API's base from its {@code servers}. */
    OpenApiClient(URI documentUrl) {
        HttpResponse<String> response = exchange(HttpRequest.newBuilder(documentUrl)
                .header("Accept", "application/json").GET(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET " + documentUrl).isEqualTo(200);
        try {
            document = Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        base = documentUrl.resolve(document.at("/servers/0/url").asText());
        document.path("paths").properties().forEach(path -> METHODS.stream()
                .filter(method -> path.getValue().has(method))
                .forEach(method -> {
                    JsonNode spec = path.getValue().get(method);
                    operations.put(spec.get("operationId").asText(), new Operation(spec.get("operationId").asText(),
                            method.toUpperCase(Locale.ROOT), path.getKey(), spec, path.getValue(),
                            "/paths/" + ApiSchemas.escape(path.getKey()) + "/" + method));
                }));
    }

    /** A call of the operation {@code operationId}. */
    Call call(String operationId) {
        Operation operation = operations.get(operationId);
        if (operation == null) {
            throw new IllegalArgumentException("the document has no operation " + operationId);
        }
        return new Call(operation);
    }

    /** Every operation of the document. */
    Set<String> operationIds() {
        return operations.keySet();
    }

    /** The operations called so far, with the statuses they answered. */
    Map<String, Set<Integer>> called() {
        return new TreeMap<>(called);
    }

    /** The URL of an operation whose path has no parameters. */
    URI url(String operationId) {
        return base.resolve(call(operationId).operation.path().substring(1));
    }

    /** One request being put together. */
    final class Call {
        private final Operation operation;
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private String token;
        private JsonNode json;
        private byte[] bytes;
        private String contentType;

        private Call(Operation operation) {
            this.operation = operation;
        }

        /** Sends the caller's bearer token (the operation must accept the bearer scheme). */
        Call as(String bearerToken) {
            List<String> schemes = new ArrayList<>();
            JsonNode security = operation.spec().has("security") ? operation.spec().get("security")
                    : document.get("security");
            security.forEach(requirement -> requirement.fieldNames().forEachRemaining(schemes::add));
            if (!schemes.contains("bearer") && !schemes.contains("observeToken")) {
                throw new IllegalArgumentException(operation.id() + " takes no bearer token, by the document");
            }
            this.token = bearerToken;
            return this;
        }

        /** A path, query or header parameter, by the name the document gives it. */
        Call with(String name, Object value) {
            parameter(name);
            parameters.put(name, String.valueOf(value));
            return this;
        }

        /** A JSON body. */
        Call json(Object body) {
            this.json = body instanceof JsonNode node ? node : Json.mapper().valueToTree(body);
            return body(null, "application/json");
        }

        /** A body of this media type. */
        Call body(byte[] body, String mediaType) {
            JsonNode content = operation.spec().path("requestBody").path("content");
            if (!content.has(mediaType.split(";")[0].strip()) && !content.has("*/*")) {
                throw new IllegalArgumentException(operation.id() + " takes no " + mediaType + " body, by the document");
            }
            this.bytes = body;
            this.contentType = mediaType;
            return this;
        }

        /** Sends the request and checks the answer against the document. */
        Answer send() {
            checkRequired();
            HttpRequest.Builder request = HttpRequest.newBuilder(url()).timeout(Duration.ofSeconds(20));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            parameters.forEach((name, value) -> {
                if (parameter(name).get("in").asText().equals("header")) {
                    request.header(name, value);
                }
            });
            if (json != null) {
                List<String> errors = schemas.errors(ApiSchemas.OPENAPI, operation.pointer()
                        + "/requestBody/content/application~1json/schema", json, ApiSchemas.Mode.STRICT);
                assertThat(errors).as(operation.id() + " request body " + json).isEmpty();
                bytes = Json.write(json).getBytes(StandardCharsets.UTF_8);
            }
            if (contentType != null) {
                request.header("Content-Type", contentType);
            } else if (operation.spec().path("requestBody").path("required").asBoolean()) {
                throw new IllegalArgumentException(operation.id() + " needs a body, by the document");
            }
            request.method(operation.method(), bytes == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(bytes));
            HttpResponse<byte[]> response = exchange(request, HttpResponse.BodyHandlers.ofByteArray());
            return check(response);
        }

        private URI url() {
            String path = operation.path();
            StringBuilder query = new StringBuilder();
            for (Map.Entry<String, String> entry : parameters.entrySet()) {
                String in = parameter(entry.getKey()).get("in").asText();
                String encoded = URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8).replace("+", "%20");
                if (in.equals("path")) {
                    path = path.replace("{" + entry.getKey() + "}", encoded);
                } else if (in.equals("query")) {
                    query.append(query.isEmpty() ? "?" : "&").append(entry.getKey()).append('=').append(encoded);
                }
            }
            return base.resolve(path.substring(1) + query);
        }

        private void checkRequired() {
            for (JsonNode parameter : declared()) {
                if (parameter.path("required").asBoolean() && !parameters.containsKey(parameter.get("name").asText())) {
                    throw new IllegalArgumentException(operation.id() + " needs its parameter "
                            + parameter.get("name").asText() + ", by the document");
                }
            }
        }

        private JsonNode parameter(String name) {
            for (JsonNode parameter : declared()) {
                if (parameter.get("name").asText().equals(name)) {
                    return parameter;
                }
            }
            throw new IllegalArgumentException(operation.id() + " has no parameter " + name + ", by the document");
        }

        /** The path item's and the operation's parameters, references resolved. */
        private List<JsonNode> declared() {
            List<JsonNode> all = new ArrayList<>();
            for (JsonNode source : List.of(operation.pathItem().path("parameters"),
                    operation.spec().path("parameters"))) {
                source.forEach(parameter -> all.add(resolve(parameter)));
            }
            return all;
        }

        private Answer check(HttpResponse<byte[]> response) {
            int status = response.statusCode();
            String what = operation.id() + " answered " + status + " " + new String(response.body(),
                    StandardCharsets.UTF_8);
            JsonNode documented = operation.spec().path("responses").path(String.valueOf(status));
            assertThat(documented.isMissingNode()).as(what + ": a status the document does not list").isFalse();
            String pointer = operation.pointer() + "/responses/" + status;
            if (documented.has("$ref")) {
                pointer = documented.get("$ref").asText().substring(1);
                documented = resolve(documented);
            }
            documented.path("headers").properties().forEach(header -> {
                JsonNode spec = resolve(header.getValue());
                if (spec.path("required").asBoolean()) {
                    assertThat(response.headers().firstValue(header.getKey())).as(what + ": header " + header.getKey())
                            .isPresent();
                    if (spec.path("schema").has("const")) {
                        assertThat(response.headers().firstValue(header.getKey()))
                                .hasValue(spec.path("schema").get("const").asText());
                    }
                }
            });
            JsonNode json = null;
            if (!documented.has("content")) {
                assertThat(response.body()).as(what + ": no body, by the document").isEmpty();
            } else {
                String mediaType = response.headers().firstValue("Content-Type").orElse("")
                        .split(";")[0].strip().toLowerCase(Locale.ROOT);
                assertThat(documented.get("content").has(mediaType)).as(what + ": content type " + mediaType)
                        .isTrue();
                if (mediaType.equals("application/json")) {
                    try {
                        json = Json.mapper().readTree(response.body());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    assertThat(schemas.errors(ApiSchemas.OPENAPI, pointer + "/content/application~1json/schema", json,
                            ApiSchemas.Mode.AS_WRITTEN)).as(what).isEmpty();
                }
            }
            called.computeIfAbsent(operation.id(), id -> new TreeSet<>()).add(status);
            return new Answer(operation.id(), status, json, response.body(), response.headers());
        }
    }

    /** A local reference ({@code #/components/...}) followed; anything else as it is. */
    private JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? document.at(node.get("$ref").asText().substring(1)) : node;
    }

    private static <T> HttpResponse<T> exchange(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return HTTP.send(request.build(), handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
