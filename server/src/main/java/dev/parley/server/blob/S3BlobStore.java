package dev.parley.server.blob;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Blobs as objects of one bucket of an S3-compatible store (AWS S3, MinIO, Ceph, Garage, ...), under an optional key
 * prefix. Uploads are spooled to a local directory first, so each object is put with its length known (no chunked
 * signing, which not every store speaks); the SDK's newer default checksums are asked for only where the API requires
 * them, for the same reason.
 */
public final class S3BlobStore implements BlobStore {

    /** Where the bucket is and how to sign in; {@code accessKey} empty: the SDK's default credential chain. */
    public record Settings(String endpoint, String region, String bucket, String accessKey, String secretKey,
                           boolean pathStyle, String prefix) {
        @Override
        public String toString() { // never the secret key
            return "S3 bucket " + bucket + " at " + (endpoint.isBlank() ? "AWS" : endpoint) + " (" + region + ")";
        }
    }

    private final S3Client s3;
    private final String bucket;
    private final String endpoint;
    private final String prefix;
    private final Path spool;

    public S3BlobStore(Settings settings, Path spool) {
        if (settings.bucket().isBlank()) {
            throw new IllegalArgumentException("the S3 blob store needs a bucket (PARLEY_BLOBS_S3_BUCKET)");
        }
        AwsCredentialsProvider credentials = settings.accessKey().isBlank() ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
        var builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (!settings.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        this.s3 = builder.build();
        this.bucket = settings.bucket();
        this.endpoint = settings.endpoint();
        this.prefix = settings.prefix().isBlank() ? "" : settings.prefix().replaceAll("/+$", "") + "/";
        try {
            this.spool = Files.createDirectories(spool);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Creates the bucket when it does not exist yet (a fresh MinIO or test store); an existing one is used as it is.
     * A store that cannot be used (unreachable, refused credentials, none found) stops the node at startup with a
     * message that names the bucket, the endpoint and the settings to check, not only the SDK's words: a misspelt
     * variable (PARLEY_BLOBS_S3_ACCESS_KEY for ..._ACCESS_dash_KEY) leaves the SDK looking for AWS credentials.
     */
    public S3BlobStore createBucketIfMissing() {
        try {
            ensureBucket();
        } catch (SdkException e) {
            s3.close();
            throw new IllegalStateException("The S3 blob store cannot use bucket '" + bucket + "' at "
                    + (endpoint.isBlank() ? "AWS" : endpoint) + " (check PARLEY_BLOBS_S3_ENDPOINT, PARLEY_BLOBS_S3_BUCKET, "
                    + "PARLEY_BLOBS_S3_ACCESS_dash_KEY and PARLEY_BLOBS_S3_SECRET_dash_KEY): " + e.getMessage(), e);
        }
        return this;
    }

    private void ensureBucket() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            s3.createBucket(b -> b.bucket(bucket));
        }
    }

    @Override
    public Path spoolDirectory() {
        return spool;
    }

    @Override
    public void put(String key, Path file, String contentType) throws IOException {
        long length = Files.size(file);
        try {
            s3.putObject(b -> b.bucket(bucket).key(objectKey(key)).contentType(contentType).contentLength(length),
                    RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw new IOException("storing " + key + " failed: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        if (length == 0) {
            return InputStream.nullInputStream();
        }
        try {
            return s3.getObject(b -> b.bucket(bucket).key(objectKey(key))
                    .range("bytes=" + offset + "-" + (offset + length - 1)));
        } catch (SdkException e) {
            throw new IOException("reading " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(objectKey(key)));
        } catch (SdkException e) {
            throw new IOException("deleting " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        try {
            s3.headObject(b -> b.bucket(bucket).key(objectKey(key)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new IOException("looking for " + key + " failed: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("looking for " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    private String objectKey(String key) {
        return prefix + BlobStore.checkKey(key);
    }
}
