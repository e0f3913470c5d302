-- Who blocked whom. A block hides presence both ways and stops the blocked user's direct messages, typing and
-- receipts reaching the blocker (see BlockService); deleting the row (unblock) restores everything.
CREATE TABLE blocks (
    blocker_id bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    blocked_id bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (blocker_id, blocked_id),
    CHECK (blocker_id <> blocked_id)
);
-- "who blocked me", for the partners lookup and the presence masks
CREATE INDEX blocks_blocked_id_idx ON blocks (blocked_id);
