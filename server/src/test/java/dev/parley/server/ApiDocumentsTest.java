package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.parley.protocol.AddMembersRequest;
import dev.parley.protocol.AttachmentView;
import dev.parley.protocol.AuthRequest;
import dev.parley.protocol.AuthResponse;
import dev.parley.protocol.BlockedUserView;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.EditMessageRequest;
import dev.parley.protocol.ErrorBody;
import dev.parley.protocol.EventView;
import dev.parley.protocol.FormerMemberView;
import dev.parley.protocol.Json;
import dev.parley.protocol.LimitsView;
import dev.parley.protocol.MemberView;
import dev.parley.protocol.MessageView;
import dev.parley.protocol.ProfileRequest;
import dev.parley.protocol.ReactionRequest;
import dev.parley.protocol.RoleRequest;
import dev.parley.protocol.RoomUpdateRequest;
import dev.parley.protocol.RoomView;
import dev.parley.protocol.SearchPage;
import dev.parley.protocol.SendMessageRequest;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.SessionView;
import dev.parley.protocol.SettingsView;
import dev.parley.protocol.UploadedAttachment;
import dev.parley.protocol.UserView;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The API documents ({@code /openapi}, {@code /asyncapi}) against the server and the protocol: every route the server
 * registers is documented and nothing else is, both documents are valid by their specifications' own schemas (and
 * swagger-parser), every golden example and every example in the documents validates against its schema, and the
 * schemas list exactly the fields of the protocol's records. {@link OpenApiClientTest} checks real answers.
 */
class ApiDocumentsTest {

    /** Documented routes served outside the API's routing (by Helidon's observe feature): checked by a request. */
    private static final Set<String> SERVED_OUTSIDE_ROUTING = Set.of("GET /observe/health");
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options",
            "trace");
    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9_]*");

    /** The schema each golden REST example is an instance of (frames: ClientFrame / ServerFrame by directory). */
    private static final Map<String, String> REST_GOLDEN_SCHEMAS = Map.ofEntries(
            Map.entry("attachment-uploaded-file.json", "UploadedAttachment"),
            Map.entry("attachment-uploaded.json", "UploadedAttachment"),
            Map.entry("auth-response.json", "AuthResponse"),
            Map.entry("blocked-user.json", "BlockedUserView"),
            Map.entry("error.json", "ErrorBody"),
            Map.entry("limits.json", "LimitsView"),
            Map.entry("message-deleted.json", "MessageView"),
            Map.entry("message-with-attachments.json", "MessageView"),
            Map.entry("message.json", "MessageView"),
            Map.entry("room-group-info.json", "RoomView"),
            Map.entry("room-group.json", "RoomView"),
            Map.entry("room.json", "RoomView"),
            Map.entry("search-page.json", "SearchPage"),
            Map.entry("send-with-attachments.json", "SendMessageRequest"),
            Map.entry("session.json", "SessionView"),
            Map.entry("user.json", "UserView"));

    /** The OpenAPI schema of each protocol record that is a REST body or part of one. */
    private static final Map<Class<?>, String> RECORD_SCHEMAS = Map.ofEntries(
            Map.entry(UserView.class, "UserView"),
            Map.entry(AuthRequest.class, "AuthRequest"),
            Map.entry(AuthResponse.class, "AuthResponse"),
            Map.entry(ErrorBody.class, "ErrorBody"),
            Map.entry(SessionView.class, "SessionView"),
            Map.entry(BlockedUserView.class, "BlockedUserView"),
            Map.entry(RoomView.class, "RoomView"),
            Map.entry(MemberView.class, "MemberView"),
            Map.entry(FormerMemberView.class, "FormerMemberView"),
            Map.entry(MessageView.class, "MessageView"),
            Map.entry(MessageView.Quote.class, "Quote"),
            Map.entry(MessageView.Reaction.class, "Reaction"),
            Map.entry(EventView.class, "EventView"),
            Map.entry(AttachmentView.class, "AttachmentView"),
            Map.entry(UploadedAttachment.class, "UploadedAttachment"),
            Map.entry(LimitsView.class, "LimitsView"),
            Map.entry(SearchPage.class, "SearchPage"),
            Map.entry(SearchPage.Hit.class, "SearchHit"),
            Map.entry(SearchPage.RoomRef.class, "SearchRoom"),
            Map.entry(SearchPage.SnippetPart.class, "SnippetPart"),
            Map.entry(SendMessageRequest.class, "SendMessageRequest"),
            Map.entry(EditMessageRequest.class, "EditMessageRequest"),
            Map.entry(ReactionRequest.class, "ReactionRequest"),
            Map.entry(RoomUpdateRequest.class, "RoomUpdateRequest"),
            Map.entry(AddMembersRequest.class, "AddMembersRequest"),
            Map.entry(RoleRequest.class, "RoleRequest"),
            Map.entry(ProfileRequest.class, "ProfileRequest"),
            Map.entry(SettingsView.class, "SettingsView"));

    private final ApiSchemas schemas = ApiSchemas.get();
    private final JsonNode openapi = schemas.document(ApiSchemas.OPENAPI);
    private final JsonNode asyncapi = schemas.document(ApiSchemas.ASYNCAPI);

    @Test
    void everyRegisteredRouteIsDocumentedAndNothingElseIs() {
        Set<String> registered = TestServer.get().routes().list().stream()
                // A route of any method is the WebSocket's refusal: documented as the handshake's GET.
                .map(route -> (route.method().equals("ANY") ? "GET" : route.method()) + " " + route.path())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = documentedRoutes();

        Set<String> undocumented = registered.stream()
                .filter(route -> !documented.contains(route) && !documented.contains(slashTwin(route)))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> notServed = documented.stream()
                .filter(route -> !registered.contains(route) && !SERVED_OUTSIDE_ROUTING.contains(route))
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(undocumented).as("routes the server registers that openapi.yaml does not describe").isEmpty();
        assertThat(notServed).as("routes openapi.yaml describes that the server does not register as written")
                .isEmpty();
        assertThat(registered).as("the recorder saw the API").hasSizeGreaterThan(30);
    }

    @Test
    void theOpenApiDocumentIsValidOpenApi31() throws IOException {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(ApiSchemas.text(ApiSchemas.OPENAPI), null,
                options);

        assertThat(result.getMessages()).as("swagger-parser's messages").isEmpty();
        assertThat(result.getOpenAPI().getSpecVersion()).isEqualTo(SpecVersion.V31);
        assertThat(specificationErrors("openapi-3.1.schema.json", openapi)).as("by the OpenAPI 3.1 schema").isEmpty();
    }

    @Test
    void theAsyncApiDocumentIsValidAsyncApi30() throws IOException {
        assertThat(asyncapi.path("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(specificationErrors("asyncapi-3.0.0.schema.json", asyncapi)).as("by the AsyncAPI 3.0.0 schema")
                .isEmpty();
    }

    @Test
    void everyOperationHasAUniqueOperationId() {
        List<String> ids = new ArrayList<>();
        openapi.path("paths").properties().forEach(path -> METHODS.stream()
                .filter(method -> path.getValue().has(method))
                .forEach(method -> ids.add(path.getValue().get(method).path("operationId").asText())));

        assertThat(ids).doesNotContain("").doesNotHaveDuplicates();
    }

    @Test
    void everyGoldenExampleValidatesAgainstItsSchema() throws IOException, URISyntaxException {
        Map<String, List<String>> failures = new TreeMap<>();
        List<String> unmapped = new ArrayList<>();
        Map<String, JsonNode> goldens = goldens();
        goldens.forEach((name, golden) -> {
            List<String> errors;
            if (name.startsWith("client/")) {
                errors = schemas.errors(ApiSchemas.ASYNCAPI, "/components/schemas/ClientFrame", golden,
                        ApiSchemas.Mode.STRICT);
            } else if (name.startsWith("server/")) {
                errors = schemas.errors(ApiSchemas.ASYNCAPI, "/components/schemas/ServerFrame", golden,
                        ApiSchemas.Mode.AS_WRITTEN);
            } else if (REST_GOLDEN_SCHEMAS.containsKey(name.substring(name.indexOf('/') + 1))) {
                errors = schemas.errors(ApiSchemas.OPENAPI, "/components/schemas/"
                        + REST_GOLDEN_SCHEMAS.get(name.substring(name.indexOf('/') + 1)), golden, ApiSchemas.Mode.STRICT);
            } else {
                unmapped.add(name);
                return;
            }
            if (!errors.isEmpty()) {
                failures.put(name, errors);
            }
        });

        assertThat(unmapped).as("golden examples with no schema named in REST_GOLDEN_SCHEMAS").isEmpty();
        assertThat(failures).as("golden examples that do not validate").isEmpty();
        assertThat(goldens).hasSizeGreaterThan(30);
    }

    @Test
    void everyExampleInTheDocumentsValidatesAgainstItsSchema() {
        Map<String, JsonNode> examples = new LinkedHashMap<>(); // pointer of the schema + where -> example
        Map<String, String> schemaOf = new LinkedHashMap<>();
        openapi.path("paths").properties().forEach(path -> METHODS.stream()
                .filter(method -> path.getValue().has(method))
                .forEach(method -> {
                    JsonNode operation = path.getValue().get(method);
                    String at = "/paths/" + ApiSchemas.escape(path.getKey()) + "/" + method;
                    collectExamples(operation.path("requestBody"), at + "/requestBody", examples, schemaOf);
                    operation.path("responses").properties().forEach(response -> collectExamples(response.getValue(),
                            at + "/responses/" + response.getKey(), examples, schemaOf));
                }));
        openapi.path("components").path("responses").properties().forEach(response -> collectExamples(
                response.getValue(), "/components/responses/" + response.getKey(), examples, schemaOf));
        Map<String, List<String>> failures = new TreeMap<>();
        examples.forEach((where, example) -> {
            List<String> errors = schemas.errors(ApiSchemas.OPENAPI, schemaOf.get(where), example,
                    ApiSchemas.Mode.STRICT);
            if (!errors.isEmpty()) {
                failures.put(where, errors);
            }
        });
        int[] frames = {0};
        asyncapi.path("components").path("messages").properties().forEach(message -> {
            for (JsonNode example : message.getValue().path("examples")) {
                frames[0]++;
                List<String> errors = schemas.errors(ApiSchemas.ASYNCAPI,
                        "/components/messages/" + message.getKey() + "/payload", example.get("payload"),
                        ApiSchemas.Mode.STRICT);
                if (!errors.isEmpty()) {
                    failures.put("asyncapi " + message.getKey(), errors);
                }
            }
        });

        assertThat(failures).as("examples that do not validate").isEmpty();
        assertThat(examples).as("examples found").hasSizeGreaterThan(30);
        assertThat(frames[0]).isPositive();
    }

    @Test
    void theSchemasListExactlyTheFieldsOfTheProtocolRecords() {
        Map<String, String> mismatches = new TreeMap<>();
        RECORD_SCHEMAS.forEach((type, schema) -> compare(type.getSimpleName(), wireNames(type),
                openapi.at("/components/schemas/" + schema + "/properties"), mismatches));
        frameTypes(ClientFrame.class).forEach((name, type) -> compare("ClientFrame." + type.getSimpleName(),
                withType(wireNames(type)), frameSchema("ClientFrame", name).path("properties"), mismatches));
        frameTypes(ServerFrame.class).forEach((name, type) -> compare("ServerFrame." + type.getSimpleName(),
                withType(wireNames(type)), frameSchema("ServerFrame", name).path("properties"), mismatches));

        assertThat(mismatches).as("records whose fields differ from their schema's properties").isEmpty();
    }

    @Test
    void theAsyncApiDocumentHasEveryFrameTypeAndNoOther() {
        assertThat(documentedFrameTypes("ClientFrame")).isEqualTo(frameTypes(ClientFrame.class).keySet());
        assertThat(documentedFrameTypes("ServerFrame")).isEqualTo(frameTypes(ServerFrame.class).keySet());
    }

    @Test
    void everyPropertyNameIsSnakeCase() {
        List<String> names = new ArrayList<>();
        collectPropertyNames(openapi, names);
        collectPropertyNames(asyncapi, names);

        assertThat(names).isNotEmpty().allMatch(name -> SNAKE_CASE.matcher(name).matches());
    }

    @Test
    void theServerServesBothDocumentsAsWrittenAndAsJson() {
        Api api = Api.shared();
        for (String name : List.of("openapi", "asyncapi")) {
            String yaml = ApiSchemas.text(name + ".yaml");
            JsonNode document = schemas.document(name + ".yaml");

            Api.Response plain = api.get("/" + name, null);
            Api.Response byName = api.get("/" + name + ".yaml", null);
            Api.Response asked = api.send(api.request("/" + name, null).header("Accept", "application/json").GET());
            Api.Response format = api.get("/" + name + "?format=json", null);
            Api.Response unknown = api.get("/" + name + "?format=xml", null);

            assertThat(plain.status()).isEqualTo(200);
            assertThat(plain.headers().firstValue("Content-Type")).hasValue("application/yaml; charset=UTF-8");
            assertThat(plain.body()).isEqualTo(yaml);
            assertThat(byName.body()).isEqualTo(yaml);
            assertThat(asked.json()).isEqualTo(document);
            assertThat(format.json()).isEqualTo(document);
            assertThat(unknown.status()).isEqualTo(400);
        }
    }

    private Set<String> documentedRoutes() {
        Set<String> routes = new TreeSet<>();
        openapi.path("paths").properties().forEach(path -> METHODS.stream()
                .filter(method -> path.getValue().has(method))
                .forEach(method -> routes.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey())));
        return routes;
    }

    private static String slashTwin(String route) {
        return route.endsWith("/") ? route.substring(0, route.length() - 1) : route + "/";
    }

    /** Errors of a document against its specification's JSON Schema (from test resources). */
    private static List<String> specificationErrors(String specification, JsonNode document) throws IOException {
        try (InputStream in = ApiDocumentsTest.class.getResourceAsStream("/api-specs/" + specification)) {
            assertThat(in).as(specification).isNotNull();
            return SchemaRegistry.withDefaultDialect(Dialects.getDraft202012()).getSchema(in)
                    .validate(Json.write(document), InputFormat.JSON).stream()
                    .map(error -> error.getInstanceLocation() + ": " + error.getMessage())
                    .toList();
        }
    }

    /** Every golden example, by its path under {@code golden/} (the protocol's test jar, or its test classes). */
    private static Map<String, JsonNode> goldens() throws IOException, URISyntaxException {
        URI root = ApiDocumentsTest.class.getResource("/golden").toURI();
        Map<String, JsonNode> goldens = new TreeMap<>();
        try (FileSystem jar = root.getScheme().equals("jar") ? FileSystems.newFileSystem(root, Map.of()) : null) {
            Path base = jar == null ? Path.of(root) : jar.getPath("/golden");
            try (Stream<Path> files = Files.walk(base)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                    goldens.put(base.relativize(file).toString().replace('\\', '/'),
                            Json.mapper().readTree(Files.readString(file)));
                }
            }
        }
        return goldens;
    }

    /** The examples of a request body or response (its media types' {@code example} and {@code examples}). */
    private static void collectExamples(JsonNode holder, String at, Map<String, JsonNode> examples,
                                        Map<String, String> schemaOf) {
        holder.path("content").properties().forEach(media -> {
            String schema = at + "/content/" + ApiSchemas.escape(media.getKey()) + "/schema";
            if (media.getValue().has("example")) {
                examples.put(at + " " + media.getKey(), media.getValue().get("example"));
                schemaOf.put(at + " " + media.getKey(), schema);
            }
            media.getValue().path("examples").properties().forEach(example -> {
                String where = at + " " + media.getKey() + " " + example.getKey();
                examples.put(where, example.getValue().get("value"));
                schemaOf.put(where, schema);
            });
        });
    }

    /** A record's fields as they are on the wire. */
    private static Set<String> wireNames(Class<?> type) {
        return Arrays.stream(type.getRecordComponents())
                .map(component -> PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(component.getName()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> withType(Set<String> names) {
        Set<String> all = new TreeSet<>(names);
        all.add("type");
        return all;
    }

    private static void compare(String what, Set<String> fields, JsonNode properties, Map<String, String> mismatches) {
        Set<String> documented = new TreeSet<>();
        properties.fieldNames().forEachRemaining(documented::add);
        if (!documented.equals(fields)) {
            mismatches.put(what, "record " + fields + " vs schema " + documented);
        }
    }

    /** The frame records of a sealed frame interface, by their {@code type}. */
    private static Map<String, Class<?>> frameTypes(Class<?> frames) {
        return Arrays.stream(frames.getAnnotation(JsonSubTypes.class).value())
                .collect(Collectors.toMap(JsonSubTypes.Type::name, JsonSubTypes.Type::value, (a, b) -> a,
                        TreeMap::new));
    }

    /** The AsyncAPI schema of the frame of this {@code type} among a oneOf's (ClientFrame or ServerFrame). */
    private JsonNode frameSchema(String union, String type) {
        for (JsonNode ref : asyncapi.at("/components/schemas/" + union + "/oneOf")) {
            JsonNode schema = asyncapi.at(ref.get("$ref").asText().substring(1));
            if (schema.at("/properties/type/const").asText().equals(type)) {
                return schema;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private Set<String> documentedFrameTypes(String union) {
        Set<String> types = new HashSet<>();
        for (JsonNode ref : asyncapi.at("/components/schemas/" + union + "/oneOf")) {
            types.add(asyncapi.at(ref.get("$ref").asText().substring(1)).at("/properties/type/const").asText());
        }
        return new TreeSet<>(types);
    }

    /** The keys of every {@code properties} object of the document (its schemas' field names). */
    private static void collectPropertyNames(JsonNode node, List<String> names) {
        if (node.isObject()) {
            node.properties().forEach(entry -> {
                if (entry.getKey().equals("properties") && entry.getValue().isObject()) {
                    entry.getValue().fieldNames().forEachRemaining(names::add);
                }
                collectPropertyNames(entry.getValue(), names);
            });
        } else if (node.isArray()) {
            node.forEach(item -> collectPropertyNames(item, names));
        }
    }
}
