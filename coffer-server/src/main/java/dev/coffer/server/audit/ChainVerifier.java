package dev.coffer.server.audit;

import dev.coffer.server.store.Database;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Walks the audit chain from its anchor to its head, a block of events at a time ({@link EventBlock}),
 * and reports the first broken link: a block whose events' hashes, recomputed in order, do not end at
 * the hash it stores (an event or the names it refers to edited, events moved), whose hash before it
 * is not its predecessor's (deleted or reordered), a gap in the sequence, events that cannot be read,
 * an organization or times it is found by that are not its events', or a head that names events which
 * are not there.
 */
public final class ChainVerifier {

    /** Blocks read at a time. */
    private static final int PAGE = 200;

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

    /**
     * How many events of reads wait in the audit journals in {@code dataDir}, answered but not in the
     * database yet: a server that stopped abruptly left them, and adds them when it starts.
     */
    public static int journaled(Database db, Path dataDir) {
        try {
            return Journals.pending(db, dataDir);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Walks the chain from its anchor, a page of blocks at a time (each page a read of its own, so a long
     * chain is not one long transaction), to the head as read when it starts. Appends go on meanwhile; the
     * blocks after that head are the next verification's (a walk that chased the head walked on for as
     * long as appends outpaced it). A walk that ends before that head, or passes its sequence without
     * ending there on its hash, is a broken chain (events at the end deleted, or added without moving the
     * head, or the head changed).
     */
    public static Result verify(Database db) {
        AuditStore.Chain chain = db.read(tx -> AuditStore.chain(tx, false));
        long expectedSeq = chain.anchorSeq() + 1;
        String prev = chain.anchorHash();
        long checked = 0;
        long after = chain.anchorSeq();
        while (!endsAt(chain, expectedSeq - 1, prev) && expectedSeq - 1 < chain.headSeq()) {
            long from = after;
            record Page(List<EventBlock> blocks, EventBlockStore.Read read) {}
            Page page = db.read(tx -> {
                List<EventBlock> blocks = EventBlockStore.blocksAfter(tx, from, PAGE);
                return new Page(blocks, EventBlockStore.read(tx, blocks));
            });
            if (page.blocks().isEmpty()) break; // the chain ends before its head
            for (int i = 0; i < page.blocks().size() && expectedSeq - 1 < chain.headSeq(); i++) {
                EventBlock b = page.blocks().get(i);
                String problem = check(b, page.read().expanded(i), expectedSeq, prev);
                if (problem != null) return broken(checked, expectedSeq, b, problem, chain);
                checked += b.lastSeq() - b.firstSeq() + 1;
                expectedSeq = b.lastSeq() + 1;
                prev = b.hash();
            }
            after = page.blocks().getLast().lastSeq();
        }
        long last = expectedSeq - 1;
        if (!endsAt(chain, last, prev)) {
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

    /** Whether the chain's head names the event {@code seq}, whose hash is {@code hash}. */
    private static boolean endsAt(AuditStore.Chain chain, long seq, String hash) {
        return seq == chain.headSeq() && hash.equals(chain.headHash());
    }

    /**
     * What is wrong with block {@code b}, whose events are {@code events} (their metadata as their
     * hashes cover it), expected at {@code expectedSeq} after the hash {@code prev}; null when nothing.
     */
    private static String check(EventBlock b, List<StoredEvent> events, long expectedSeq, String prev) {
        String span = b.firstSeq() == b.lastSeq()
                ? "the event at sequence " + b.firstSeq()
                : "the events at sequence " + b.firstSeq() + " to " + b.lastSeq();
        if (b.firstSeq() != expectedSeq) {
            return "the event at sequence " + expectedSeq + " is missing (the next one is " + b.firstSeq()
                    + "): events were deleted.";
        }
        if (!b.prevHash().equals(prev)) {
            return "the hash before " + span + " is not the hash of event " + (expectedSeq - 1)
                    + ": events before them were deleted, replaced or reordered.";
        }
        if (events.size() != b.lastSeq() - b.firstSeq() + 1) {
            return span + " cannot all be read (" + events.size() + " can): they were changed.";
        }
        List<StoredEvent> hashed = b.hashed(events);
        if (!hashed.getLast().hash().equals(b.hash())) {
            return "the contents of " + span + " do not match their hash: an event or the secret names it refers"
                    + " to were changed, or events were moved.";
        }
        for (StoredEvent e : events) {
            if (!Objects.equals(e.orgId(), b.orgId()) || e.createdAt() < b.firstAt() || e.createdAt() > b.lastAt()) {
                return "the organization or times by which " + span + " are found were changed (event " + e.seq()
                        + " is of another, or at another time).";
            }
        }
        return null;
    }

    private static Result broken(long checked, long expectedSeq, EventBlock b, String problem, AuditStore.Chain c) {
        return new Result(false, checked, Math.min(expectedSeq, b.firstSeq()), problem, c.anchorSeq(), c.headSeq());
    }
}
