package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One member (with their profile, {@code displayName} and {@code about}, null where not set) of a room with their presence and receipt watermarks: every message with
 * {@code seq <= deliveredSeq} reached one of their devices, every one with {@code seq <= readSeq} was read.
 * In groups, {@code role} is "owner", "admin" or "member" and {@code joinedSeq} the seq of the event that brought
 * them in (they never see anything before it; their watermarks start just below it).
 */
public record MemberView(String username, String displayName, String about, boolean online, Instant lastSeen, long deliveredSeq, long readSeq,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String role,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Long joinedSeq) {
    public MemberView {
        requireNonNull(username, "username");
    }

    /** A member without a profile. */
    public MemberView(String username, boolean online, Instant lastSeen, long deliveredSeq, long readSeq, String role,
                      Long joinedSeq) {
        this(username, null, null, online, lastSeen, deliveredSeq, readSeq, role, joinedSeq);
    }

    /** A member of a direct room, without a profile. */
    public MemberView(String username, boolean online, Instant lastSeen, long deliveredSeq, long readSeq) {
        this(username, null, null, online, lastSeen, deliveredSeq, readSeq, null, null);
    }

    /** The name to show: the display name where set, else the username. */
    public String shownName() {
        return displayName == null ? username : displayName;
    }
}
