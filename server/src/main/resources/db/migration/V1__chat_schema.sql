-- Parley's schema: users and their sessions, 1:1 rooms with per-member receipt watermarks, and messages.

CREATE TABLE users (
    id            bigserial   PRIMARY KEY,
    username      text        NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9_.-]{3,32}$'),
    password_hash text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz
);

-- Bearer tokens, stored only as their SHA-256: a database leak reveals no usable token.
CREATE TABLE sessions (
    token_hash bytea       PRIMARY KEY,
    user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);

-- last_seq is the room's event counter: every stored event (today a message) takes the next value inside its
-- inserting statement, so seq order is commit order and sync can replay any kind of event by seq.
-- (user_low, user_high) makes a 1:1 room unique per pair, even under concurrent get-or-create.
CREATE TABLE rooms (
    id               bigserial   PRIMARY KEY,
    room_uuid        uuid        NOT NULL UNIQUE,
    room_name        text        NOT NULL,
    user_low         bigint      NOT NULL REFERENCES users (id),
    user_high        bigint      NOT NULL REFERENCES users (id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    last_seq         bigint      NOT NULL DEFAULT 0,
    last_activity_at timestamptz NOT NULL DEFAULT now(),
    CHECK (user_low < user_high),
    UNIQUE (user_low, user_high)
);

-- delivered_seq / read_seq: every message up to that seq reached a device of / was read by the member.
CREATE TABLE room_members (
    room_id       bigint      NOT NULL REFERENCES rooms (id),
    user_id       bigint      NOT NULL REFERENCES users (id),
    delivered_seq bigint      NOT NULL DEFAULT 0,
    read_seq      bigint      NOT NULL DEFAULT 0,
    joined_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (room_id, user_id),
    CHECK (read_seq <= delivered_seq)
);
CREATE INDEX room_members_user_id_idx ON room_members (user_id);

CREATE TABLE messages (
    id           bigserial   PRIMARY KEY,
    message_uuid uuid        NOT NULL UNIQUE,
    room_id      bigint      NOT NULL REFERENCES rooms (id),
    seq          bigint      NOT NULL,
    sender_id    bigint      NOT NULL REFERENCES users (id),
    content      text        NOT NULL,
    client_id    text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (room_id, seq)
);
-- Idempotent send: one message per (sender, client_id).
CREATE UNIQUE INDEX messages_sender_client_id_idx ON messages (sender_id, client_id) WHERE client_id IS NOT NULL;
