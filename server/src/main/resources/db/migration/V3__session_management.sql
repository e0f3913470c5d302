-- Sessions a user can see and end one by one ("linked devices"): a public id (never the token or its hash), when
-- each was last used (for the idle expiry and the list), and what the client said it was and where it came from.
ALTER TABLE sessions
    ADD COLUMN id           uuid        NOT NULL DEFAULT gen_random_uuid(),
    ADD COLUMN last_used_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN user_agent   text,
    ADD COLUMN address      text;
CREATE UNIQUE INDEX sessions_id_idx ON sessions (id);
