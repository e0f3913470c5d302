package dev.parley.server.attachment;

import dev.parley.protocol.UploadedAttachment;
import dev.parley.server.common.ApiException;
import dev.parley.server.common.AuthUser;
import dev.parley.server.common.Authenticator;
import dev.parley.server.common.JsonBodies;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.http.media.multipart.MultiPart;
import io.helidon.http.media.multipart.ReadablePart;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code /api/attachments}: uploads (the raw file as the body, or {@code multipart/form-data} with one file part;
 * 201 the stored upload) and downloads of the file and its thumbnail, streamed both ways, with range requests.
 * Downloads are served so that no browser runs them: images and PDF inline with their detected type, everything else
 * as an {@code application/octet-stream} attachment, always with {@code nosniff} and a sandboxing CSP.
 */
public final class AttachmentResource implements HttpService {

    /** No script, no plugin, no form, no navigation: what a served file may do when opened in a tab. */
    static final String SANDBOX = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";
    private static final io.helidon.http.HeaderName X_FILENAME = HeaderNames.create("X-Filename");

    private final Authenticator authenticator;
    private final AttachmentService attachments;

    public AttachmentResource(Authenticator authenticator, AttachmentService attachments) {
        this.authenticator = authenticator;
        this.attachments = attachments;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::upload)                   // ?room_uuid=&filename= (or X-Filename) -> 201 the upload
                .get("/{uuid}", this::download)          // the file (Range: bytes=...) -> 200 | 206 | 304 | 416
                .get("/{uuid}/thumbnail", this::thumbnail); // its thumbnail (JPEG or PNG), 404 when it has none
    }

    private void upload(ServerRequest req, ServerResponse res) {
        AuthUser user = authenticator.requireUploader(req);
        UUID room = JsonBodies.uuid("room_uuid", req.query().first("room_uuid").asOptional()
                .orElseThrow(() -> ApiException.validation("room_uuid is required")));
        attachments.checkDeclaredLength(req.headers().contentLength().orElse(-1L));
        if (!req.content().hasEntity()) {
            throw ApiException.badRequest("the body must be the file");
        }
        // The raw header: the client's Content-Type says only how the body is framed, never what the file is (and a
        // malformed one must not fail the upload).
        boolean multipart = req.headers().first(HeaderNames.CONTENT_TYPE)
                .map(type -> type.strip().regionMatches(true, 0, "multipart/form-data", 0, 19)).orElse(false);
        UploadedAttachment stored;
        if (multipart) {
            stored = uploadPart(user, room, req);
        } else {
            String name = req.headers().first(X_FILENAME).map(AttachmentResource::decodeName)
                    .or(() -> req.query().first("filename").asOptional()).orElse("file");
            try (InputStream body = req.content().inputStream()) {
                stored = attachments.upload(user, room, name, body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        JsonBodies.send(res, Status.CREATED_201, stored);
    }

    /** The first part with a file name is the file; other parts are skipped. */
    private UploadedAttachment uploadPart(AuthUser user, UUID room, ServerRequest req) {
        MultiPart parts;
        try {
            parts = req.content().as(MultiPart.class);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw ApiException.badRequest("the multipart body cannot be read: " + e.getMessage());
        }
        while (parts.hasNext()) {
            ReadablePart part = parts.next();
            if (part.fileName().isPresent()) {
                try (InputStream body = part.inputStream()) {
                    return attachments.upload(user, room, part.fileName().get(), body);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            part.consume();
        }
        throw ApiException.badRequest("the multipart body has no file part (a part with a filename)");
    }

    /** A header carries ISO-8859-1 only: clients percent-encode other names (UTF-8), as in a URL. */
    private static String decodeName(String value) {
        try {
            return value.contains("%") ? URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8) : value;
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    private void download(ServerRequest req, ServerResponse res) {
        AttachmentService.Readable file = attachments.readable(authenticator.require(req), uuid(req));
        serve(req, res, file.blobKey(), file.mime(), file.size(), file.sha256(), file.name());
    }

    private void thumbnail(ServerRequest req, ServerResponse res) {
        AttachmentService.Readable file = attachments.readable(authenticator.require(req), uuid(req));
        if (file.thumbnailKey() == null) {
            throw ApiException.notFound("attachment " + file.uuid() + " has no thumbnail");
        }
        serve(req, res, file.thumbnailKey(), file.thumbnailMime(), file.thumbnailSize(), file.sha256() + "-t",
                "thumbnail-" + file.name() + (file.thumbnailMime().equals("image/png") ? ".png" : ".jpg"));
    }

    private void serve(ServerRequest req, ServerResponse res, String key, String mime, long size, String tag,
                       String name) {
        String etag = "\"" + tag + "\"";
        boolean inline = ContentTypes.inline(mime);
        res.header(HeaderNames.ETAG, etag);
        res.header(HeaderNames.CACHE_CONTROL, "private, max-age=31536000, immutable"); // never changes under its url
        res.header(HeaderNames.ACCEPT_RANGES, "bytes");
        res.header("X-Content-Type-Options", "nosniff");
        res.header("Content-Security-Policy", SANDBOX);
        res.header("Cross-Origin-Resource-Policy", "same-origin");
        res.header(HeaderNames.CONTENT_DISPOSITION, ContentTypes.disposition(inline, name));
        if (req.headers().first(HeaderNames.IF_NONE_MATCH).map(value -> matches(value, etag)).orElse(false)) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        Optional<Ranges.Range> range = Ranges.parse(req.headers().first(HeaderNames.RANGE).orElse(null), size,
                req.headers().first(HeaderNames.IF_RANGE).orElse(null), etag);
        if (range.isPresent() && range.get().unsatisfiable()) {
            res.header(HeaderNames.CONTENT_RANGE, "bytes */" + size);
            res.status(Status.REQUESTED_RANGE_NOT_SATISFIABLE_416).send();
            return;
        }
        long offset = range.map(Ranges.Range::from).orElse(0L);
        long length = range.map(Ranges.Range::length).orElse(size);
        res.header(HeaderNames.CONTENT_TYPE, ContentTypes.served(mime));
        res.header(HeaderNames.CONTENT_LENGTH, Long.toString(length));
        if (range.isPresent()) {
            res.header(HeaderNames.CONTENT_RANGE, "bytes " + offset + "-" + (offset + length - 1) + "/" + size);
            res.status(Status.PARTIAL_CONTENT_206);
        }
        try (OutputStream out = res.outputStream()) {
            attachments.copyTo(key, offset, length, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String value = candidate.strip();
            if (value.equals("*") || value.equals(etag) || value.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private static UUID uuid(ServerRequest req) {
        try {
            return JsonBodies.uuid("uuid", req.path().pathParameters().get("uuid"));
        } catch (ApiException e) {
            throw ApiException.notFound("no attachment " + req.path().pathParameters().get("uuid"));
        }
    }
}
