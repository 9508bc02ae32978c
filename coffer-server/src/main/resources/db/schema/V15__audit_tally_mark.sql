-- "Who reads" (audit_secret_readers) may be written a moment after the events it sums: the audit
-- writer on SQLite adds up the reads in memory and writes the sums about once a second. The chain's
-- row records up to which event the sums are complete, so a process that stopped before writing them
-- adds the missing reads from the events when it starts again. Every event so far was summed when it
-- was appended.
ALTER TABLE audit_chain ADD COLUMN tallied_seq BIGINT NOT NULL DEFAULT 0;
UPDATE audit_chain SET tallied_seq = head_seq;
