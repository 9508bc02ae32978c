package dev.coffer.server.audit;

import dev.coffer.server.errors.StartupException;
import dev.coffer.server.store.Database;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The audit trail of a running server: the database writer (group commit, hash chain), the streams
 * that follow it (file, webhook), retention, and any extra sink, behind one {@link AuditSink} for the
 * pipeline. Fail closed unless the settings say otherwise.
 */
public final class AuditTrail implements AutoCloseable {

    private static final Logger LOG = System.getLogger(AuditTrail.class.getName());

    private final Database db;
    private final Clock clock;
    private final AuditSettings settings;
    private final GroupCommitWriter writer;
    private final List<AutoCloseable> streams;
    private final ScheduledExecutorService pruner;
    private AuditSink sink;

    private AuditTrail(Database db, Clock clock, AuditSettings settings, List<AutoCloseable> streams, Path dataDir) {
        this.db = db;
        this.clock = clock;
        this.settings = settings;
        this.streams = streams;
        Consumer<List<StoredEvent>> follow = rows -> {
            for (AutoCloseable s : streams) {
                @SuppressWarnings("unchecked")
                Consumer<List<StoredEvent>> c = (Consumer<List<StoredEvent>>) s;
                c.accept(rows);
            }
        };
        // without streams the committed rows are not made whole (their names put back) for nobody
        this.writer = settings.enabled()
                ? new GroupCommitWriter(
                        db, settings.maxWait(), streams.isEmpty() ? null : follow, journals(db, dataDir, settings))
                : null;
        this.pruner = settings.enabled() && settings.retentionDays() > 0
                ? Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                        .name("coffer-audit-retention")
                        .daemon()
                        .factory())
                : null;
    }

    /**
     * The journals in {@code dataDir} ({@link Journals}): one to journal reads when the settings say so,
     * and those left behind, to add the events they still hold.
     */
    private static List<GroupCommitWriter.Journaled> journals(Database db, Path dataDir, AuditSettings settings) {
        try {
            return Journals.open(db, dataDir, settings.journal(), AuditJournal.DEFAULT_CAPACITY);
        } catch (IOException e) {
            throw new StartupException("Could not open an audit journal in " + dataDir + " ("
                    + e.getClass().getSimpleName() + "): check that the data directory is writable and the"
                    + " disk has " + (AuditJournal.DEFAULT_CAPACITY >> 20)
                    + " MiB free, or set COFFER_AUDIT_JOURNAL=off.");
        }
    }

    /**
     * Starts the trail on the database; {@code extra} also receives every event (NONE for none). The
     * journal is kept in {@code dataDir} (none when null).
     */
    public static AuditTrail start(Database db, AuditSettings settings, AuditSink extra, Clock clock, Path dataDir) {
        List<AutoCloseable> streams = new ArrayList<>();
        if (settings.enabled() && settings.file() != null) streams.add(new FileStream(settings.file()));
        if (settings.enabled() && settings.webhook() != null) {
            streams.add(new WebhookStream(settings.webhook(), Duration.ofMillis(250)));
        }
        AuditTrail trail = new AuditTrail(db, clock, settings, streams, dataDir);
        if (!settings.enabled()) {
            LOG.log(Level.WARNING, "COFFER_AUDIT=off: requests are NOT recorded in the audit trail");
        }
        GroupCommitWriter writer = trail.writer;
        AuditSink both = event -> {
            if (writer != null) writer.record(event);
            extra.record(event);
        };
        trail.sink = settings.failOpen() ? failOpen(both) : both;
        if (trail.pruner != null) trail.pruner.scheduleWithFixedDelay(trail::pruneQuietly, 0, 1, TimeUnit.HOURS);
        return trail;
    }

    private static AuditSink failOpen(AuditSink sink) {
        LOG.log(
                Level.WARNING,
                "COFFER_AUDIT_FAIL_OPEN=true: requests are answered even when they could not be recorded in the "
                        + "audit trail; unset it to refuse them instead (fail closed)");
        return event -> {
            try {
                sink.record(event);
            } catch (RuntimeException e) {
                LOG.log(
                        Level.ERROR,
                        () -> event.requestId() + " NOT RECORDED in the audit trail (" + AuditUnavailable.reason(e)
                                + "); answered anyway because COFFER_AUDIT_FAIL_OPEN=true");
            }
        };
    }

    public AuditSink sink() {
        return sink;
    }

    /**
     * Commits the journal's events and writes the reads summed in memory to "who reads which secret"
     * now (see {@link GroupCommitWriter}), so a question asked next sees every request answered before.
     */
    public void settle() {
        if (writer != null) writer.settle(true);
    }

    /** Commits the journal's events now, so a search of the trail sees every request answered before. */
    public void settleEvents() {
        if (writer != null) writer.settle(false);
    }

    /**
     * Removes the events older than the retention period, keeping the chain verifiable: the hash of
     * the last removed event becomes the anchor the rest is verified from. Returns how many were
     * removed (0 when retention is off).
     */
    public int pruneNow() {
        if (settings.retentionDays() <= 0) return 0;
        settle(); // the journal's events first: the newest events decide where the chain is cut
        long before = clock.millis() - settings.retentionDays() * 86_400_000L;
        return db.write(tx -> AuditStore.pruneBefore(tx, before));
    }

    private void pruneQuietly() {
        try {
            int n = pruneNow();
            if (n > 0) {
                LOG.log(
                        Level.INFO,
                        () -> "pruned " + n + " audit events older than " + settings.retentionDays()
                                + " days; the chain is anchored where it was cut");
            }
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    () ->
                            "audit retention could not prune: the database refused the deletion; it is tried again in an hour");
        }
    }

    @Override
    public void close() {
        if (pruner != null) pruner.shutdownNow();
        if (writer != null) writer.close();
        for (AutoCloseable s : streams) {
            try {
                s.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, () -> "an audit stream did not close cleanly");
            }
        }
    }
}
