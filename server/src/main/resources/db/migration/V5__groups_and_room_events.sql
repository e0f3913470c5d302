-- Group rooms, and seq as the room's event order: a row of `messages` is now any event of a room, a message
-- (event IS NULL) or a membership/room event (event holds what happened, e.g. {"action":"added","actor":"alice",
-- "users":["bob"]}). Every event takes the room's next seq in the transaction that makes it.

-- A direct room keeps its pair (user_low, user_high) unique; a group has neither and a name chosen by its members.
-- message_count: the room's messages (not events) so far, the base of the cheap unread count below.
ALTER TABLE rooms
    ADD COLUMN kind          text   NOT NULL DEFAULT 'direct' CHECK (kind IN ('direct', 'group')),
    ADD COLUMN message_count bigint NOT NULL DEFAULT 0,
    ALTER COLUMN user_low DROP NOT NULL,
    ALTER COLUMN user_high DROP NOT NULL,
    ADD CONSTRAINT rooms_direct_has_pair
        CHECK ((kind = 'direct') = (user_low IS NOT NULL AND user_high IS NOT NULL));
UPDATE rooms SET message_count = last_seq;

-- msg_no: the room's message count up to and including this row, so that "messages from others after my read
-- watermark" is message_count minus one indexed lookup instead of a count over the table.
ALTER TABLE messages
    ADD COLUMN event  jsonb,
    ADD COLUMN msg_no bigint;
UPDATE messages SET msg_no = seq;
ALTER TABLE messages ALTER COLUMN msg_no SET NOT NULL;

-- A member row stays when its user leaves or is removed (they keep reading what they saw): left_seq is the seq of
-- that event (NULL while a member). joined_seq is the seq of the event that brought them in (0 in direct rooms:
-- everything is visible); they see the events joined_seq..left_seq. role: owner, admin or member (groups only).
ALTER TABLE room_members
    ADD COLUMN role       text   NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'admin', 'member')),
    ADD COLUMN joined_seq bigint NOT NULL DEFAULT 0,
    ADD COLUMN left_seq   bigint,
    ADD CONSTRAINT room_members_left_after_joined CHECK (left_seq IS NULL OR left_seq >= joined_seq);

-- The visible ranges of earlier memberships of a re-added member (the current one is in room_members).
CREATE TABLE room_member_ranges (
    room_id  bigint NOT NULL,
    user_id  bigint NOT NULL,
    from_seq bigint NOT NULL,
    to_seq   bigint NOT NULL,
    PRIMARY KEY (room_id, user_id, from_seq),
    FOREIGN KEY (room_id, user_id) REFERENCES room_members (room_id, user_id),
    CHECK (to_seq >= from_seq)
);
