package dev.coffer.server.audit;

import dev.coffer.server.store.Database;
import java.util.List;

/**
 * Walks the audit chain from its anchor to its head and reports the first broken link: a row whose
 * hash is not the hash of its contents (edited), whose previous hash is not its predecessor's
 * (deleted or reordered), a gap in the sequence, or a head that names rows which are not there.
 */
public final class ChainVerifier {

    private static final int PAGE = 1000;

    /**
     * The outcome of a verification.
     *
     * @param ok        whether every link holds
     * @param checked   how many rows were checked
     * @param brokenSeq the sequence number of the first broken link, or -1
     * @param problem   what is wrong there, or null
     */
    public record Result(boolean ok, long checked, long brokenSeq, String problem, long fromSeq, long headSeq) {

        /** One line for an operator. */
        public String describe() {
            return ok
                    ? "The audit trail is intact: " + checked + " events (sequence " + (fromSeq + 1) + " to " + headSeq
                            + ") link up to the chain head."
                    : "The audit trail is broken at sequence " + brokenSeq + ": " + problem;
        }
    }

    private ChainVerifier() {}

    public static Result verify(Database db) {
        AuditStore.Chain chain = db.read(tx -> AuditStore.chain(tx, false));
        long expectedSeq = chain.anchorSeq() + 1;
        String prev = chain.anchorHash();
        long checked = 0;
        long after = chain.anchorSeq();
        while (true) {
            long from = after;
            List<StoredEvent> page = db.read(tx -> AuditStore.after(tx, from, PAGE));
            for (StoredEvent r : page) {
                String problem = check(r, expectedSeq, prev);
                if (problem != null) return broken(checked, expectedSeq, r, problem, chain);
                checked++;
                expectedSeq++;
                prev = r.hash();
            }
            if (page.size() < PAGE) break;
            after = page.getLast().seq();
        }
        long last = expectedSeq - 1;
        if (last != chain.headSeq() || !prev.equals(chain.headHash())) {
            return new Result(
                    false,
                    checked,
                    last + 1,
                    "the chain ends at sequence " + last + " but its head names sequence " + chain.headSeq()
                            + " (events at the end were deleted, or the head was changed).",
                    chain.anchorSeq(),
                    chain.headSeq());
        }
        return new Result(true, checked, -1, null, chain.anchorSeq(), chain.headSeq());
    }

    private static String check(StoredEvent r, long expectedSeq, String prev) {
        if (r.seq() != expectedSeq) {
            return "the event at sequence " + expectedSeq + " is missing (the next one is " + r.seq()
                    + "): events were deleted.";
        }
        if (!r.prevHash().equals(prev)) {
            return "its previous hash is not the hash of event " + (expectedSeq - 1)
                    + ": events before it were deleted, replaced or reordered.";
        }
        if (!ChainHash.of(r).equals(r.hash())) {
            return "its contents do not match its hash: the event (" + r.id()
                    + ") or the secret names it refers to were changed, or the event was moved.";
        }
        return null;
    }

    private static Result broken(long checked, long expectedSeq, StoredEvent r, String problem, AuditStore.Chain c) {
        return new Result(false, checked, Math.min(expectedSeq, r.seq()), problem, c.anchorSeq(), c.headSeq());
    }
}
