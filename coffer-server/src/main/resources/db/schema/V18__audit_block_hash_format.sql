-- How a block's events are hashed (audit/ChainHash). Format 1, every block so far: each event's
-- metadata whole, the names of the secrets it read included, so a list of 50 secrets hashed all 50
-- names in every event. Format 2, the blocks written from now on: the metadata as stored (a long list
-- of names referred to by its set, audit_name_sets) and the SHA-256 of the names it refers to, so an
-- edited or deleted set still breaks the chain at the first event that names it. Verification hashes
-- each block as its format says; the formats' encodings differ from their first character, so a block
-- whose format is changed no longer matches its hash.
ALTER TABLE audit_blocks ADD COLUMN hash_format INTEGER NOT NULL DEFAULT 1;
