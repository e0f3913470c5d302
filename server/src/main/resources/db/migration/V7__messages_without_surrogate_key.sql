-- A stored message is found by (room_id, seq), never by the surrogate id that every insert numbered from a sequence
-- and added to an index of its own (about 7 % of a message's bytes and a quarter of its index work). Dropping them is
-- instant on any size of table: the column is only marked dropped (old rows keep its 8 bytes until rewritten), and
-- (room_id, seq), unique already, identifies rows for logical replication.
ALTER TABLE messages DROP CONSTRAINT messages_pkey;
ALTER TABLE messages DROP COLUMN id;
ALTER TABLE messages REPLICA IDENTITY USING INDEX messages_room_id_seq_key;
