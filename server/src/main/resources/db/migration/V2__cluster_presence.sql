-- Several nodes can share one database. Each node keeps a heartbeat row; presence is the set of (node, user)
-- pairs with open connections, counted only while that node's heartbeat is fresh, so a node that dies without
-- saying goodbye stops counting within the TTL and is then reaped.
CREATE TABLE nodes (
    node_id      text        PRIMARY KEY,
    started_at   timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE presence_sessions (
    node_id      text        NOT NULL REFERENCES nodes (node_id) ON DELETE CASCADE,
    user_id      bigint      NOT NULL REFERENCES users (id),
    connected_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (node_id, user_id)
);
CREATE INDEX presence_sessions_user_id_idx ON presence_sessions (user_id);
