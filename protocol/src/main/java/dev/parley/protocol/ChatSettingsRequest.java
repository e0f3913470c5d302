package dev.parley.protocol;

/**
 * Body of {@code PATCH /api/rooms/{room_uuid}/settings/}: any subset of the caller's settings of one chat. A field
 * left out is not changed; {@code "muted_until": null} unmutes (so the server also looks at which fields are present).
 * {@code mutedUntil} is an ISO instant in the future or {@link RoomView#FOREVER}; {@code clearedSeq} hides the chat's
 * history up to that seq from the caller only.
 */
public record ChatSettingsRequest(Boolean pinned, String mutedUntil, Boolean archived, Boolean markedUnread,
                                  Long clearedSeq) {
}
