-- The audit journals (audit/AuditJournal), one for each server that journals reads: on PostgreSQL
-- several nodes append to one chain, each from its own journal file in its data directory
-- (audit-<id>.journal). Each row says how far into its journal the blocks hold its events, moved in the
-- transaction that appends them; a server that starts adds what the journals in its data directory hold
-- past their marks. The journal of V19 (audit.journal, its id and mark in audit_chain) becomes a row.
CREATE TABLE audit_journals (
    id TEXT PRIMARY KEY,
    position BIGINT NOT NULL DEFAULT 0
);
INSERT INTO audit_journals (id, position)
SELECT journal_id, journal_pos FROM audit_chain WHERE journal_id IS NOT NULL;
