package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

/**
 * The caller's privacy settings, {@code GET /api/me/settings/} (and the body the desktop client sends with
 * {@code PATCH}): {@code lastSeen} is who sees my last seen and online, "contacts" (everyone I share a chat with) or
 * "nobody"; {@code readReceipts} false: I send no read receipts and see none from others in direct chats.
 */
public record SettingsView(String lastSeen, boolean readReceipts) {

    public static final String CONTACTS = "contacts";
    public static final String NOBODY = "nobody";

    public SettingsView {
        requireNonNull(lastSeen, "last_seen");
    }
}
