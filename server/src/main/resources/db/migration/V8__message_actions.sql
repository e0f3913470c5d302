-- Message actions (reply, edit, delete for everyone, reactions). An edit, a delete and a reaction are events of the
-- room like any other: each is a row of `messages` that takes the room's next seq (so sync replays it in order),
-- with target_seq naming the message it changed and event saying how ({"action":"edit"|"delete"|"react"}); it is
-- not a message (msg_no does not move: no unread) and history pages leave it out. The changed message's own row
-- holds its current state, which every view shows:
--   reply_to   the seq of the earlier message of the room that this one answers (views quote its current text)
--   edited_at  when its text was last replaced (the texts it had before are in message_versions)
--   deleted_at when it was deleted for everyone: its text, earlier versions and reactions are gone then.
ALTER TABLE messages
    ADD COLUMN reply_to   bigint,
    ADD COLUMN edited_at  timestamptz,
    ADD COLUMN deleted_at timestamptz,
    ADD COLUMN target_seq bigint,
    -- NOT VALID: enforced on every new and changed row; the existing rows have neither column set, so checking them
    -- (a scan of the whole table) would prove nothing.
    ADD CONSTRAINT messages_reply_is_earlier CHECK (reply_to IS NULL OR reply_to < seq) NOT VALID,
    ADD CONSTRAINT messages_target_is_earlier CHECK (target_seq IS NULL OR target_seq < seq) NOT VALID;

-- The texts an edited message had before: one row per edit, the text it replaced (never shown to other members).
CREATE TABLE message_versions (
    room_id     bigint      NOT NULL,
    seq         bigint      NOT NULL,
    edit_seq    bigint      NOT NULL,
    content     text        NOT NULL,
    replaced_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (room_id, seq, edit_seq),
    FOREIGN KEY (room_id, seq) REFERENCES messages (room_id, seq)
);

-- Each member's one reaction to a message (a new emoji replaces theirs).
CREATE TABLE message_reactions (
    room_id    bigint      NOT NULL,
    seq        bigint      NOT NULL,
    user_id    bigint      NOT NULL REFERENCES users (id),
    emoji      text        NOT NULL CHECK (length(emoji) BETWEEN 1 AND 32),
    reacted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (room_id, seq, user_id),
    FOREIGN KEY (room_id, seq) REFERENCES messages (room_id, seq)
);

-- A message's reactions as its views show them: [{"emoji","count","users":[usernames in the order they reacted]}], in the
-- order each emoji was first used; NULL when there are none. One definition for history, sync and the chat list.
CREATE FUNCTION message_reactions_json(p_room_id bigint, p_seq bigint) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT json_agg(json_build_object('emoji', g.emoji, 'count', g.n, 'users', g.users) ORDER BY g.first, g.emoji)::text
    FROM (SELECT r.emoji, json_agg(u.username ORDER BY r.reacted_at, u.username) AS users, count(*) AS n,
                 min(r.reacted_at) AS first
          FROM message_reactions r JOIN users u ON u.id = r.user_id
          WHERE r.room_id = p_room_id AND r.seq = p_seq
          GROUP BY r.emoji) g
$$;
