-- Privacy settings (as WhatsApp's): who sees my last seen and online ('contacts': everyone I share a chat with and
-- am in no block with; 'nobody'), and whether read receipts are exchanged in my direct chats (off: I send none and see
-- none; groups always have them).
ALTER TABLE users
    ADD COLUMN last_seen_privacy text    NOT NULL DEFAULT 'contacts' CHECK (last_seen_privacy IN ('contacts', 'nobody')),
    ADD COLUMN read_receipts     boolean NOT NULL DEFAULT true;
