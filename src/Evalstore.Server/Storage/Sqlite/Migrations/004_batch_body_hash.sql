-- The SHA-256 of the body each idempotent batch arrived with: the same Idempotency-Key with another body is refused
-- (422) instead of replaying the first outcome and dropping the new rows. Batches stored before have none and replay.
ALTER TABLE batches ADD COLUMN body_sha256 BLOB;
