-- A group's ticks as far as they ever got: every member then current had received (ticks_delivered) and read
-- (ticks_read) the room's events up to these seqs. Kept so that a message's ticks never go back when the members
-- who read it leave (the least watermark of whoever is left would then say nothing about them).
ALTER TABLE rooms
    ADD COLUMN ticks_delivered bigint NOT NULL DEFAULT 0,
    ADD COLUMN ticks_read      bigint NOT NULL DEFAULT 0;
