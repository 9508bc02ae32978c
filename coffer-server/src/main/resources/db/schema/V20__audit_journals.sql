-- The audit journals (audit/AuditJournal), one for each server that journals reads: on PostgreSQL
-- several nodes append to one chain, each from its own journal file in its data directory
-- (audit-<id>.journal). Each row says how far into its journal the blocks hold its events, moved in the
-- transaction that appends them; a server that starts adds what the journals in its data directory hold
-- past their marks. The journal of V19 (audit.journal, its id and mark in audit_chain) becomes a row.
-- A journal is a ring of capacity bytes, its records found by their position modulo the capacity: it is
-- opened again with the capacity it was made with, whatever a later release makes new ones with.
CREATE TABLE audit_journals (
    id TEXT PRIMARY KEY,
    position BIGINT NOT NULL DEFAULT 0,
    capacity BIGINT NOT NULL DEFAULT 8388608
);
INSERT INTO audit_journals (id, position)
SELECT journal_id, journal_pos FROM audit_chain WHERE journal_id IS NOT NULL;

-- Who reads which secret (audit_secret_readers) is summed in memory by the server that appends the
-- events, and written about once a second with its journal's tallied_seq: the blocks it appended
-- (audit_blocks.journal_id) up to that event are in the tally. A server that takes a journal over adds
-- the rest from those blocks. Blocks appended by a server without a journal (journal_id NULL) are
-- tallied from the chain's mark (audit_chain.tallied_seq) as before.
ALTER TABLE audit_journals ADD COLUMN tallied_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit_blocks ADD COLUMN journal_id TEXT;
CREATE INDEX audit_blocks_journal ON audit_blocks (journal_id, last_seq);
