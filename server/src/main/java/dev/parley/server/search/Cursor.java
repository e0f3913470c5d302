package dev.parley.server.search;

import dev.parley.server.common.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * Where a page of search results ended: the last result's send time, room and seq (the order of results), written
 * as an opaque token for {@code before=}. Keyset paging: a page is found from its cursor with the index, whatever
 * page it is, and results sent meanwhile never shift the pages.
 */
record Cursor(Instant createdAt, long roomId, long seq) {

    String token() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt);
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((micros + "." + roomId + "." + seq).getBytes(StandardCharsets.US_ASCII));
    }

    static Cursor parse(String token) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII).split("\\.");
            if (parts.length != 3) {
                throw new IllegalArgumentException("three parts expected");
            }
            long micros = Long.parseLong(parts[0]);
            long roomId = Long.parseLong(parts[1]);
            long seq = Long.parseLong(parts[2]);
            if (roomId < 1 || seq < 1) {
                throw new IllegalArgumentException("out of range");
            }
            return new Cursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), roomId, seq);
        } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
            throw ApiException.validation("before is not a cursor this server gave out");
        }
    }
}
