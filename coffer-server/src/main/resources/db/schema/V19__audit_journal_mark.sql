-- The audit journal (SQLite, audit/AuditJournal): the events of reads wait in a file mapped into memory
-- until the writer moves them into audit_blocks, a few milliseconds later. The chain's row records the
-- journal's id (its records are checksummed with it, so another database's journal is never read as
-- this one's) and how far into the journal the blocks hold its events, moved in the transaction that
-- appends them; a server that starts again adds the journal's events past that mark.
ALTER TABLE audit_chain ADD COLUMN journal_id TEXT;
ALTER TABLE audit_chain ADD COLUMN journal_pos BIGINT NOT NULL DEFAULT 0;
