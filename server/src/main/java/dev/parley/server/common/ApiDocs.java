package dev.parley.server.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.helidon.common.media.type.MediaType;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Serves the API's documents from the protocol jar: {@code GET /openapi} (the REST API, OpenAPI 3.1) and
 * {@code GET /asyncapi} (the WebSocket frames, AsyncAPI 3.0), as written (YAML) or as JSON for a client that asks
 * ({@code Accept: application/json} or {@code ?format=json}); {@code /openapi.yaml} and {@code /asyncapi.yaml} are the
 * files by name, so that the AsyncAPI document's references to {@code openapi.yaml} resolve when it is read from here.
 * Both are read and parsed once at start-up: a malformed document stops the node from starting.
 *
 * <p>Not Helidon's {@code helidon-openapi} feature: it serves one document only, adds {@code /openapi} as a server
 * feature outside the routing (so the list of registered routes that the documents are tested against would miss
 * it) and re-reads the document with SnakeYAML on every request; this serves both documents alike, the YAML byte for
 * byte as it is in the repository.
 */
public final class ApiDocs implements HttpService {

    private static final MediaType YAML = MediaTypes.create("application/yaml");

    private final Document openapi;
    private final Document asyncapi;

    /** A document as written and as JSON. */
    private record Document(byte[] yaml, byte[] json) {
        static Document load(String resource) {
            try (InputStream in = ApiDocs.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("API document " + resource + " is not on the classpath");
                }
                byte[] yaml = in.readAllBytes();
                return new Document(yaml, new ObjectMapper().writeValueAsBytes(new YAMLMapper().readTree(yaml)));
            } catch (IOException e) {
                throw new UncheckedIOException("API document " + resource + " cannot be read", e);
            }
        }
    }

    public ApiDocs() {
        openapi = Document.load("/api/openapi.yaml");
        asyncapi = Document.load("/api/asyncapi.yaml");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/openapi", (req, res) -> negotiate(req, res, openapi))     // YAML, or JSON when asked
                .get("/openapi.yaml", (req, res) -> yaml(res, openapi))      // the file, by name
                .get("/asyncapi", (req, res) -> negotiate(req, res, asyncapi))
                .get("/asyncapi.yaml", (req, res) -> yaml(res, asyncapi));
    }

    private static void negotiate(ServerRequest req, ServerResponse res, Document document) {
        res.header(HeaderNames.VARY, "Accept");
        String format = req.query().first("format").asOptional().map(f -> f.toLowerCase(Locale.ROOT)).orElse(null);
        if (format != null) {
            switch (format) {
                case "json" -> json(res, document);
                case "yaml" -> yaml(res, document);
                default -> throw ApiException.validation("format must be json or yaml");
            }
            return;
        }
        boolean json = req.headers().bestAccepted(YAML, MediaTypes.APPLICATION_JSON,
                        MediaTypes.APPLICATION_OPENAPI_YAML, MediaTypes.APPLICATION_OPENAPI_JSON)
                .map(type -> type.equals(MediaTypes.APPLICATION_JSON)
                        || type.equals(MediaTypes.APPLICATION_OPENAPI_JSON))
                .orElse(false);
        if (json) {
            json(res, document);
        } else {
            yaml(res, document);
        }
    }

    private static void yaml(ServerResponse res, Document document) {
        res.header(HeaderNames.CONTENT_TYPE, "application/yaml; charset=UTF-8");
        res.send(document.yaml());
    }

    private static void json(ServerResponse res, Document document) {
        res.headers().contentType(MediaTypes.APPLICATION_JSON);
        res.send(document.json());
    }
}
