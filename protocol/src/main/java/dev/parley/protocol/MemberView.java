package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One member of a room with their presence and receipt watermarks: every message with
 * {@code seq <= deliveredSeq} reached one of their devices, every one with {@code seq <= readSeq} was read.
 */
public record MemberView(String username, boolean online, Instant lastSeen, long deliveredSeq, long readSeq) {
    public MemberView {
        requireNonNull(username, "username");
    }
}
