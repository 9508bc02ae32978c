package dev.coffer.server.store;

import dev.coffer.server.cache.Invalidator;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Carries invalidations between nodes on PostgreSQL. A writing transaction sends its changes with
 * {@code pg_notify} before it commits, so they are delivered exactly when (and only if) it commits;
 * every node keeps one connection that {@code LISTEN}s and hands what it hears to its
 * {@link Invalidator}. When that connection drops, notifications may have been missed: the node
 * empties all its caches, reconnects, and empties them again once listening.
 */
final class PostgresListener implements AutoCloseable {

    static final String CHANNEL = "coffer_invalidate";
    private static final Logger LOG = System.getLogger(PostgresListener.class.getName());

    private final PostgresUrl url;
    private final Invalidator invalidator;
    /** Tells this node's own notifications apart: it has already delivered them after its commit. */
    private final String node = UUID.randomUUID().toString().substring(0, 8);

    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;

    private PostgresListener(PostgresUrl url, Invalidator invalidator) {
        this.url = url;
        this.invalidator = invalidator;
        this.thread = Thread.ofPlatform()
                .daemon()
                .name("coffer-invalidation-listener")
                .unstarted(this::run);
    }

    static PostgresListener start(PostgresUrl url, Invalidator invalidator) {
        PostgresListener l = new PostgresListener(url, invalidator);
        l.connect();
        l.thread.start();
        return l;
    }

    /** Sends the transaction's invalidations; PostgreSQL delivers them when it commits. */
    void notifyInTransaction(Tx tx) {
        for (Invalidator.Key k : tx.invalidations()) {
            Jdbc.one(tx, "SELECT pg_notify(?, ?)", rs -> 1, CHANNEL, node + "|" + k.encode());
        }
    }

    private void connect() {
        Properties p = new Properties();
        if (url.user() != null) p.setProperty("user", url.user());
        if (url.password() != null) p.setProperty("password", url.password());
        p.setProperty("ApplicationName", "coffer-invalidation-listener");
        p.setProperty("tcpKeepAlive", "true");
        try {
            Connection c = DriverManager.getConnection(url.jdbcUrl(), p);
            try (Statement s = c.createStatement()) {
                s.execute("LISTEN " + CHANNEL);
            }
            connection = c;
        } catch (SQLException e) {
            throw StoreException.of(Dialect.POSTGRESQL, e);
        }
    }

    private void run() {
        while (!closed) {
            try {
                PGNotification[] received =
                        connection.unwrap(PGConnection.class).getNotifications(1000);
                if (received == null) continue;
                for (PGNotification n : received) deliver(n.getParameter());
            } catch (SQLException | RuntimeException e) {
                if (closed) return;
                LOG.log(
                        Level.WARNING,
                        "Lost the invalidation listener connection to PostgreSQL ("
                                + e.getClass().getSimpleName() + "); emptying caches and reconnecting.");
                invalidator.flushAll();
                reconnect();
            }
        }
    }

    private void deliver(String payload) {
        if (payload.startsWith(node + "|")) return;
        int bar = payload.indexOf('|');
        Invalidator.Key key = bar < 0 ? null : Invalidator.Key.decode(payload.substring(bar + 1));
        if (key != null) invalidator.deliver(key);
    }

    private void reconnect() {
        closeQuietly();
        for (long backoff = 50; !closed; backoff = Math.min(backoff * 2, 2000)) {
            try {
                connect();
                invalidator.flushAll();
                return;
            } catch (StoreException e) {
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void closeQuietly() {
        try {
            if (connection != null) connection.close();
        } catch (SQLException ignored) {
            // already broken
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        closeQuietly();
    }
}
