-- Chat management: each member's own settings of a chat, the same on every device (PATCH /api/rooms/{uuid}/settings/).
-- * pinned_at: when the chat was pinned (NULL: not pinned); a user pins at most 3 chats (checked under a lock of the
--   user's row, see RoomSettingsService).
-- * muted_until: no notifications before this time ('infinity': muted for good). Unmuting stores now() rather than
--   NULL, so that the messages that arrived while muted still do not bring an archived chat back (see below).
-- * archived_seq: the room's last seq when the chat was archived (NULL: not archived). An archived chat counts as
--   archived until a message from someone else arrives after it, outside a mute: worked out when the chat is read
--   (an indexed look at the messages after archived_seq), so sending a message costs nothing more.
-- * marked_unread: the member marked the chat unread; reading it (any device) clears it.
-- * cleared_seq: the member cleared the chat up to this seq: their history, sync and search start after it.
ALTER TABLE room_members
    ADD COLUMN pinned_at     timestamptz,
    ADD COLUMN muted_until   timestamptz,
    ADD COLUMN archived_seq  bigint,
    ADD COLUMN marked_unread boolean NOT NULL DEFAULT false,
    ADD COLUMN cleared_seq   bigint  NOT NULL DEFAULT 0 CHECK (cleared_seq >= 0);

-- the pin count of a user (few rows: at most 3 per user)
CREATE INDEX room_members_pinned ON room_members (user_id) WHERE pinned_at IS NOT NULL;
