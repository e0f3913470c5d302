-- Profiles: a display name shown instead of the username where set, and an "About" line. NULL means not set (the
-- server trims both and stores an empty About as NULL); lengths count characters (code points), as the API does.
ALTER TABLE users
    ADD COLUMN display_name text CHECK (char_length(display_name) BETWEEN 1 AND 64),
    ADD COLUMN about        text CHECK (char_length(about) BETWEEN 1 AND 140);
