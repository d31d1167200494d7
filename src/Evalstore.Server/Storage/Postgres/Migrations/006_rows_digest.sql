-- Which results hold an item ("the same item in other results" in the UI): equality lookups only, so a hash index.
CREATE INDEX IF NOT EXISTS rows_digest ON rows USING hash (digest);
