-- Message actions (reply, edit, delete for everyone, reactions). An edit, a delete and a reaction are events of the
-- room like any other: each is a row of `messages` that takes the room's next seq (so sync replays it in order),
-- with target_seq naming the message it changed and event saying how ({"action":"edit"|"delete"|"react"}); it is
-- not a message (msg_no does not move: no unread) and history pages leave it out. The changed message's own row
-- holds its current state, which every view shows:
--   reply_to   the seq of the earlier message of the room that this one answers (views quote its current text)
--   edited_at  when its text was last replaced (the texts it had before are in message_versions)
--   deleted_at when it was deleted for everyone (deleted_by: by whom, its sender or a group admin): its text,
--              earlier versions and reactions are gone then.
ALTER TABLE messages
    ADD COLUMN reply_to   bigint,
    ADD COLUMN edited_at  timestamptz,
    ADD COLUMN deleted_at timestamptz,
    ADD COLUMN deleted_by bigint REFERENCES users (id),
    ADD COLUMN target_seq bigint,
    -- true while the message has reactions (NULL, costing nothing, for the many that have none): the views read
    -- message_reactions only for those
    ADD COLUMN has_reactions boolean,
    -- NOT VALID: enforced on every new and changed row; the existing rows have neither column set, so checking them
    -- (a scan of the whole table) would prove nothing.
    ADD CONSTRAINT messages_reply_is_earlier CHECK (reply_to IS NULL OR reply_to < seq) NOT VALID,
    ADD CONSTRAINT messages_target_is_earlier CHECK (target_seq IS NULL OR target_seq < seq) NOT VALID;

-- last_shown_seq: the room's newest message or membership event (last_seq counts the actions too): the chat list's
-- last message, found without walking back over a busy group's reactions.
ALTER TABLE rooms ADD COLUMN last_shown_seq bigint NOT NULL DEFAULT 0;
UPDATE rooms SET last_shown_seq = last_seq;

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

-- Each member's one reaction to a message (a new emoji replaces theirs); event_seq is the seq of the react event
-- that set it, so that someone who left the room sees only the reactions made while they were there.
CREATE TABLE message_reactions (
    room_id    bigint      NOT NULL,
    seq        bigint      NOT NULL,
    user_id    bigint      NOT NULL REFERENCES users (id),
    emoji      text        NOT NULL CHECK (length(emoji) BETWEEN 1 AND 32),
    event_seq  bigint      NOT NULL,
    reacted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (room_id, seq, user_id),
    FOREIGN KEY (room_id, seq) REFERENCES messages (room_id, seq)
);

-- A message's reactions as its views show them: [{"emoji","count","users":[usernames in the order they reacted]}], in the
-- order each emoji was first used; NULL when there are none. Only those set by events up to p_until (a reader who left
-- sees the reactions of their time). One definition for history, sync and the chat list.
CREATE FUNCTION message_reactions_json(p_room_id bigint, p_seq bigint, p_until bigint) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    RETURN (SELECT json_agg(json_build_object('emoji', g.emoji, 'count', g.n, 'users', g.users) ORDER BY g.first, g.emoji)::text
    FROM (SELECT r.emoji, json_agg(u.username ORDER BY r.reacted_at, u.username) AS users, count(*) AS n,
                 min(r.reacted_at) AS first
          FROM message_reactions r JOIN users u ON u.id = r.user_id
          WHERE r.room_id = p_room_id AND r.seq = p_seq AND r.event_seq <= p_until
          GROUP BY r.emoji) g);
END
$$;

-- (PL/pgSQL, not SQL, on purpose: an SQL function would be inlined into every query that names it, whose plan then
-- carries its subqueries for every row; these run only for the few rows edited or reacted to. Measured.)
-- What a reader whose view of the room ends at p_until (someone who left it then) saw of an edited message: its
-- text, and when it was edited, as they were at that seq (an edit made later replaced the text kept in
-- message_versions). For everyone else p_until is the room's end and these are the message's current ones.
CREATE FUNCTION message_text_at(p_room_id bigint, p_seq bigint, p_until bigint, p_current text) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    RETURN COALESCE((SELECT v.content FROM message_versions v
                     WHERE v.room_id = p_room_id AND v.seq = p_seq AND v.edit_seq > p_until
                     ORDER BY v.edit_seq LIMIT 1), p_current);
END
$$;

CREATE FUNCTION message_edited_at(p_room_id bigint, p_seq bigint, p_until bigint, p_current timestamptz)
    RETURNS timestamptz LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM message_versions v WHERE v.room_id = p_room_id AND v.seq = p_seq AND v.edit_seq > p_until)
    THEN
        RETURN (SELECT max(v.replaced_at) FROM message_versions v
                WHERE v.room_id = p_room_id AND v.seq = p_seq AND v.edit_seq <= p_until);
    END IF;
    RETURN p_current;
END
$$;
