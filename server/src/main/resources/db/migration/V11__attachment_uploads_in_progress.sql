-- No blob without a row that names it, whatever moment a node dies at.
-- * An upload is recorded as 'uploading' before its bytes are put in the blob store, and made 'pending' once they are
--   all there: a node that dies in between leaves a row saying which blobs may exist, which the cleanup removes with
--   them once it is older than any upload could take. Nothing else reads an 'uploading' row (its uuid was never given
--   out).
-- * The cleanup marks the rows it removes 'removing' (a send can no longer bind them), removes their blobs, then the
--   rows: a node that dies in between leaves 'removing' rows, which the next round (on any node) takes again.
ALTER TABLE attachments DROP CONSTRAINT attachments_state_check;
ALTER TABLE attachments ADD CONSTRAINT attachments_state_check
    CHECK (state IN ('uploading', 'pending', 'sent', 'deleted', 'removing'));
ALTER TABLE attachments DROP CONSTRAINT attachments_check;
ALTER TABLE attachments ADD CONSTRAINT attachments_check
    CHECK (CASE state WHEN 'removing' THEN true
                      WHEN 'uploading' THEN message_seq IS NULL
                      WHEN 'pending' THEN message_seq IS NULL
                      ELSE message_seq IS NOT NULL END);
