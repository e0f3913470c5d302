package dev.parley.desktop.chat;

import dev.parley.protocol.MemberView;
import java.time.Instant;

/**
 * A current member of a chat as this client knows them: role and the seq that brought them in (groups only), the
 * watermarks that tick my messages, their presence and their profile (display name and About, null where not set).
 * Immutable: a change replaces the member in its chat.
 */
public record Member(String username, String role, long joinedSeq, long deliveredSeq, long readSeq, boolean online,
                     Instant lastSeen, String displayName, String about) {

    /** A member without a profile. */
    public Member(String username, String role, long joinedSeq, long deliveredSeq, long readSeq, boolean online,
                  Instant lastSeen) {
        this(username, role, joinedSeq, deliveredSeq, readSeq, online, lastSeen, null, null);
    }

    /** The name to show: the display name where set, else the username. */
    public String shownName() {
        return displayName == null ? username : displayName;
    }

    public static final String OWNER = "owner";
    public static final String ADMIN = "admin";
    public static final String MEMBER = "member";

    /** From the server's view; a direct chat's members have no role and see the whole log. */
    static Member of(MemberView view) {
        return new Member(view.username(), view.role() == null ? MEMBER : view.role(),
                view.joinedSeq() == null ? 0 : view.joinedSeq(), view.deliveredSeq(), view.readSeq(), view.online(),
                view.lastSeen(), view.displayName(), view.about());
    }

    /** Someone an {@code added} event at {@code seq} brought in: their watermarks start just below it. */
    static Member added(String username, long seq) {
        return new Member(username, MEMBER, seq, seq - 1, seq - 1, false, null);
    }

    /** Whether they may change the group: the owner and admins. */
    public boolean admin() {
        return OWNER.equals(role) || ADMIN.equals(role);
    }

    /** The server's newer view of this member; watermarks never move back (a receipt may have been newer). */
    Member merged(MemberView view) {
        Member next = of(view);
        return new Member(next.username, next.role, next.joinedSeq, Math.max(deliveredSeq, next.deliveredSeq),
                Math.max(readSeq, next.readSeq), next.online, next.lastSeen, next.displayName, next.about);
    }

    /** A receipt moved a watermark; reading implies having received. */
    Member receipt(boolean read, long seq) {
        return new Member(username, role, joinedSeq, Math.max(deliveredSeq, seq),
                read ? Math.max(readSeq, seq) : readSeq, online, lastSeen, displayName, about);
    }

    Member presence(boolean nowOnline, Instant nowLastSeen) {
        return new Member(username, role, joinedSeq, deliveredSeq, readSeq, nowOnline, nowLastSeen, displayName, about);
    }

    Member withRole(String newRole) {
        return new Member(username, newRole, joinedSeq, deliveredSeq, readSeq, online, lastSeen, displayName, about);
    }

    /** Their profile changed. */
    Member profile(String newDisplayName, String newAbout) {
        return new Member(username, role, joinedSeq, deliveredSeq, readSeq, online, lastSeen, newDisplayName, newAbout);
    }
}
