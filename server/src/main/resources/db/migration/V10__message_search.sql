-- Message search. The searchable text of every message lives in message_search, a projection of the room event log
-- kept by the search indexer (SearchIndexer) outside the message writer's transactions, so that indexing can never
-- stall or slow a send: the indexer follows each room's log in seq order from search_progress.indexed_seq, stores a
-- new message's text, re-stores an edited one and removes a deleted one. A search checks every hit against the
-- message as it is now (deleted? edited since it was indexed?), so a projection that lags a moment can miss a
-- message sent a moment ago, never show a deleted one or match a replaced text.
--
-- Matching: words through a full-text tsvector (GIN), substrings (codes like "2027-A14", scripts written without
-- spaces) through pg_trgm trigrams (GIN), both over the folded text: lower case, accents removed (unaccent), so
-- "cafe" finds "Café". Both extensions ship with PostgreSQL's contrib and are trusted (the database owner may create
-- them); an external PostgreSQL needs contrib installed.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The one folding of text that both the index and the queries use. unaccent() itself is only STABLE (it looks its
-- dictionary up by name at run time); naming the dictionary makes the result depend on the text alone.
CREATE FUNCTION parley_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1))
$$;

-- The words of folded text, for the full-text index: every run of letters and digits is a word ("example.com",
-- "report-2027.pdf", "alice@example.org" are each several; PostgreSQL's parser would keep them whole as a host, a file
-- or an address, and "example" would not find them). Split directly rather than parsed: a third of the cost (measured),
-- and without positions, which nothing here needs. A "word" longer than 255 bytes is not one (a lexeme has a size
-- limit; such a run is still found as a substring). A code searched whole ("2027-A14") is matched as a substring.
CREATE FUNCTION parley_words(folded text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT array_to_tsvector(ARRAY(SELECT w FROM unnest(regexp_split_to_array($1, '[^[:alnum:]]+')) w
                                   WHERE w <> '' AND octet_length(w) <= 255))
$$;

-- One row per searchable message (not membership events, not actions, not deleted messages): its folded text (the
-- message's text and its attachments' file names) and the words of that text. edited_at is the message's as indexed:
-- a hit whose message was edited since is not shown (its current text is indexed a moment later).
CREATE TABLE message_search (
    room_id    bigint      NOT NULL,
    seq        bigint      NOT NULL,
    created_at timestamptz NOT NULL,
    edited_at  timestamptz,
    folded     text        NOT NULL,
    words      tsvector    NOT NULL,
    PRIMARY KEY (room_id, seq)
);
-- Only the indexer writes these: a pending list that fills is merged by the indexer's insert (never a send's), and it
-- is kept small so that a search reads little of it unsorted. Single-column on purpose: a search either walks the
-- caller's rooms by (room_id, seq) and tests each message (most users), or finds a rare word's messages here and
-- keeps those in the caller's rooms; an index led by the room (btree_gin) was measured 10-20x slower than both, its
-- room entries being as long as the rooms.
CREATE INDEX message_search_words_idx ON message_search USING gin (words) WITH (gin_pending_list_limit = 1024);
CREATE INDEX message_search_folded_idx ON message_search USING gin (folded gin_trgm_ops)
    WITH (gin_pending_list_limit = 1024);

-- Autovacuum would visit this insert-only table every thousand rows (the default insert threshold) and merge the
-- indexes' pending lists itself, on CPU the indexer's pacing does not count: only after many more.
ALTER TABLE message_search SET (autovacuum_vacuum_insert_threshold = 100000);

-- How far the indexer has followed each room's log (absent: not at all).
-- Neither table has foreign keys, on purpose: checking one takes a KEY SHARE lock on the referenced row, and the rows
-- referenced are the hottest of the database (the message just written, the room whose last_seq every batch moves):
-- with them the writer's throughput halved (measured). Both are projections of the log, which never loses a row.
CREATE TABLE search_progress (
    room_id     bigint PRIMARY KEY,
    indexed_seq bigint NOT NULL
);
