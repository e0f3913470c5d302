-- Attachments: photos and files sent with messages. The bytes live in the blob store (a directory or an S3 bucket,
-- never in PostgreSQL); this table has what the server knows about them. An upload is 'pending' (its uploader's
-- alone, in no message) until a message carries it: the batch that stores the message sets message_seq (the message's
-- seq in the same room) and position, and makes it 'sent', in the transaction that numbers the message. Deleting the
-- message for everyone makes it 'deleted'; the cleanup removes deleted ones, and pending ones never sent within a day,
-- from the store and from this table.
CREATE TABLE attachments (
    attachment_uuid uuid        PRIMARY KEY,
    room_id         bigint      NOT NULL REFERENCES rooms (id),
    uploader_id     bigint      NOT NULL REFERENCES users (id),
    name            text        NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    mime            text        NOT NULL,
    size            bigint      NOT NULL CHECK (size >= 0),
    sha256          bytea       NOT NULL,
    -- where the bytes are in the blob store, and the thumbnail's (null: no thumbnail)
    blob_key        text        NOT NULL,
    thumbnail_key   text,
    thumbnail_mime  text,
    thumbnail_size  bigint,
    -- the image's size as shown (EXIF orientation applied); null for anything that is not a readable image
    width           int,
    height          int,
    state           text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'deleted')),
    message_seq     bigint,
    position        smallint,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((state = 'pending') = (message_seq IS NULL)),
    FOREIGN KEY (room_id, message_seq) REFERENCES messages (room_id, seq)
);
-- A message's attachments, in order.
CREATE INDEX attachments_message_idx ON attachments (room_id, message_seq, position) WHERE message_seq IS NOT NULL;
-- A user's pending uploads (the quota), and the cleanup's work.
CREATE INDEX attachments_pending_idx ON attachments (uploader_id, created_at) WHERE state = 'pending';
CREATE INDEX attachments_cleanup_idx ON attachments (created_at) WHERE state <> 'sent';

-- Set on a message stored with attachments (null otherwise), so that reading a page of messages looks attachments
-- up only for those that have some.
ALTER TABLE messages ADD COLUMN has_attachments boolean;

-- A message's attachments as its views show them: [{"attachment_uuid","name","mime","size","width","height","url",
-- "thumbnail_url"}] in the order they were sent; NULL when there are none (a deleted message has none). The URLs are
-- those of AttachmentView.of. One definition for history, sync and the chat list.
CREATE FUNCTION message_attachments_json(p_room_id bigint, p_seq bigint) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT json_agg(json_build_object('attachment_uuid', a.attachment_uuid, 'name', a.name, 'mime', a.mime,
                                      'size', a.size, 'width', a.width, 'height', a.height,
                                      'url', '/api/attachments/' || a.attachment_uuid,
                                      'thumbnail_url', CASE WHEN a.thumbnail_key IS NOT NULL
                                          THEN '/api/attachments/' || a.attachment_uuid || '/thumbnail' END)
                    ORDER BY a.position)::text
    FROM attachments a
    WHERE a.room_id = p_room_id AND a.message_seq = p_seq AND a.state = 'sent'
$$;
