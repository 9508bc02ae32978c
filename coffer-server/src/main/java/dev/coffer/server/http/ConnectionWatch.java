package dev.coffer.server.http;

import io.helidon.common.socket.SocketOptions;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes connections that hold the server without using it. Helidon reads from socket channels, which
 * ignore a socket read timeout, and tracks a connection only once its first request line has arrived;
 * so this watch registers every accepted connection and follows it through its requests:
 * <ul>
 *   <li>a new connection whose first request line has not arrived within the read timeout, or headers
 *       not complete within the read timeout of their request line: input shut, the connection ends;</li>
 *   <li>idle between requests for longer than the idle timeout: closed;</li>
 *   <li>a body that stops arriving for longer than the read timeout, or that trickles in for longer than
 *       {@value #BODY_DEADLINE_FACTOR} read timeouts in all: input shut, so the read ends and the request
 *       is answered 408 before the connection closes.</li>
 * </ul>
 * While the server itself works on a request, or sends a stream of events, nothing is timed.
 */
final class ConnectionWatch {

    private enum Phase {
        NEW,
        IDLE,
        HEADERS,
        WORKING,
        BODY
    }

    private static final class Conn {
        final SocketChannel channel;
        volatile Phase phase = Phase.NEW;
        volatile long since;
        volatile long bodySince;
        volatile boolean timedOut;
        volatile boolean streaming;

        Conn(SocketChannel channel, long now) {
            this.channel = channel;
            this.since = now;
        }

        void enter(Phase p) {
            phase = p;
            since = System.nanoTime();
        }
    }

    /** A body must arrive whole within this many read timeouts, however steadily it trickles. */
    static final int BODY_DEADLINE_FACTOR = 6;

    private final Map<SocketAddress, Conn> conns = new ConcurrentHashMap<>();
    private final long readNanos;
    private final long bodyNanos;
    private final long idleNanos;
    private final ScheduledExecutorService sweeper;

    ConnectionWatch(Duration readTimeout, Duration idleTimeout) {
        this.readNanos = readTimeout.toNanos();
        this.bodyNanos = readNanos * BODY_DEADLINE_FACTOR;
        this.idleNanos = idleTimeout.toNanos();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "coffer-connection-watch");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(50), Math.min(readNanos, idleNanos) / 5);
        sweeper.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.NANOSECONDS);
    }

    void stop() {
        sweeper.shutdownNow();
    }

    /** The socket options of the listener: {@code base}, plus registering every accepted connection. */
    SocketOptions options(SocketOptions base) {
        return new WatchedOptions(base, this);
    }

    /** Called while a request body is read: the body is moving (or starts to be read). */
    void bodyProgress(SocketAddress peer) {
        Conn c = conns.get(peer);
        if (c == null) return;
        if (c.phase != Phase.BODY) c.bodySince = System.nanoTime();
        c.enter(Phase.BODY);
    }

    /** Called when the body has been read: the server works on the request now. */
    void bodyDone(SocketAddress peer) {
        Conn c = conns.get(peer);
        if (c != null) c.enter(Phase.WORKING);
    }

    /** An event stream is open (or has ended) on this connection: while open, it is not idle. */
    void streaming(SocketAddress peer, boolean open) {
        Conn c = conns.get(peer);
        if (c == null) return;
        c.streaming = open;
        if (!open) c.enter(Phase.IDLE);
    }

    /** Whether this connection's request was cut off because the client stalled. */
    boolean timedOut(SocketAddress peer) {
        Conn c = conns.get(peer);
        return c != null && c.timedOut;
    }

    /** Listens to requests as they arrive: a request line starts the headers, the headers end them. */
    Http1ConnectionListener receiving() {
        return new Http1ConnectionListener() {
            @Override
            public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
                enter(ctx, Phase.HEADERS);
            }

            @Override
            public void headers(ConnectionContext ctx, Headers headers) {
                enter(ctx, Phase.WORKING);
            }
        };
    }

    /** Listens to answers as they leave: once the status is sent, the connection is idle again. */
    Http1ConnectionListener sending() {
        return new Http1ConnectionListener() {
            @Override
            public void status(ConnectionContext ctx, Status status) {
                enter(ctx, Phase.IDLE);
            }
        };
    }

    private void enter(ConnectionContext ctx, Phase phase) {
        Conn c = conns.get(ctx.remotePeer().address());
        if (c != null) c.enter(phase);
    }

    private void accepted(SocketChannel channel) {
        try {
            SocketAddress peer = channel.getRemoteAddress();
            if (peer != null) conns.put(peer, new Conn(channel, System.nanoTime()));
        } catch (IOException e) {
            // already gone; nothing to watch
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        for (var e : conns.entrySet()) {
            Conn c = e.getValue();
            if (!c.channel.isOpen()) {
                conns.remove(e.getKey(), c);
                continue;
            }
            long waited = now - c.since;
            try {
                switch (c.phase) {
                    case IDLE -> {
                        if (waited > idleNanos && !c.streaming) c.channel.close();
                    }
                    case NEW, HEADERS, BODY -> {
                        boolean trickled = c.phase == Phase.BODY && now - c.bodySince > bodyNanos;
                        if ((waited > readNanos || trickled) && !c.timedOut) {
                            c.timedOut = true;
                            c.channel.shutdownInput();
                        }
                    }
                    case WORKING -> {
                        // the server's own work is not timed here
                    }
                }
            } catch (IOException | RuntimeException ex) {
                // closing a connection that is going away anyway
            }
        }
    }

    /** Socket options that delegate to Helidon's and register each accepted connection with the watch. */
    private record WatchedOptions(SocketOptions base, ConnectionWatch watch) implements SocketOptions {
        @Override
        public void configureSocket(SocketChannel channel) {
            base.configureSocket(channel);
            watch.accepted(channel);
        }

        @Override
        public void configureSocket(java.net.Socket socket) {
            base.configureSocket(socket);
        }

        @Override
        public Map<SocketOption<?>, Object> socketOptions() {
            return base.socketOptions();
        }

        @Override
        public Duration connectTimeout() {
            return base.connectTimeout();
        }

        @Override
        public Duration readTimeout() {
            return base.readTimeout();
        }

        @Override
        public Optional<Integer> socketReceiveBufferSize() {
            return base.socketReceiveBufferSize();
        }

        @Override
        public Optional<Integer> socketSendBufferSize() {
            return base.socketSendBufferSize();
        }

        @Override
        public boolean socketReuseAddress() {
            return base.socketReuseAddress();
        }

        @Override
        public boolean socketKeepAlive() {
            return base.socketKeepAlive();
        }

        @Override
        public boolean tcpNoDelay() {
            return base.tcpNoDelay();
        }
    }
}
