package dev.coffer.server.audit;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

/** An event handed to the {@link GroupCommitWriter} and the request waiting for it (none when journaled). */
final class QueuedEvent {

    static final int WRITTEN = 1;
    static final int REFUSED = 2;

    final AuditEvent event;
    final NameSets.Compact metadata;
    final Thread waiter;
    /** When its request gives up waiting ({@link System#nanoTime}), unless a commit is writing it. */
    final long deadline;
    /** Journaled: the journal's position just past its record; 0 when not journaled. */
    long journalEnd;
    /** 0 while waiting, then {@link #WRITTEN} or {@link #REFUSED}. */
    volatile int state;

    QueuedEvent(AuditEvent event, NameSets.Compact metadata, Thread waiter, long deadline) {
        this.event = event;
        this.metadata = metadata;
        this.waiter = waiter;
        this.deadline = deadline;
    }

    /** A journaled event: no request waits for it. */
    static QueuedEvent journaled(AuditEvent event, NameSets.Compact metadata) {
        return new QueuedEvent(event, metadata, null, 0);
    }

    /** Sets the outcome and wakes the waiting requests (but the caller's own). */
    static void release(List<QueuedEvent> batch, int state) {
        Thread self = Thread.currentThread();
        for (QueuedEvent q : batch) {
            q.state = state;
            if (q.waiter != null && q.waiter != self) LockSupport.unpark(q.waiter);
        }
    }
}
