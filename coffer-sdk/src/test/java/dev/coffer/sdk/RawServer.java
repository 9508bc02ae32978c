package dev.coffer.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bare TCP listener on a loopback port that stands in for a hostile or broken server: it counts the
 * connections it accepts and answers each one with whatever its {@link Handler} writes (nothing, for a
 * listener that only records). Bytes written are counted, so a test can tell how much of an answer the
 * client took.
 */
public final class RawServer implements AutoCloseable {

    /** Writes the answer to one connection, after the request's head has been read. */
    @FunctionalInterface
    public interface Handler {
        void answer(OutputStream out) throws IOException;
    }

    private final ServerSocket socket;
    private final Handler handler;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong written = new AtomicLong();

    private RawServer(Handler handler) throws IOException {
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.handler = handler;
        Thread.ofVirtual().start(this::acceptLoop);
    }

    /** A server that answers every connection through the handler. */
    public static RawServer answering(Handler handler) {
        try {
            return new RawServer(handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A listener that records connections and closes them unanswered. */
    public static RawServer recordingOnly() {
        return answering(out -> {});
    }

    /** A handler giving one HTTP/1.1 answer with this status and JSON body. */
    public static Handler json(int status, String body) {
        return out -> {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + b.length
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(b);
        };
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Bytes of answers written so far (what the clients' sockets accepted). */
    public long bytesWritten() {
        return written.get();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(10_000);
            readRequest(s.getInputStream());
            OutputStream counting = new OutputStream() {
                private final OutputStream out = s.getOutputStream();

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    written.incrementAndGet();
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    written.addAndGet(len);
                }
            };
            handler.answer(counting);
            counting.flush();
        } catch (IOException clientWentAway) {
            // the client closed the connection: what a client that stops reading does
        }
    }

    /** Reads a request's head and its body (by Content-Length), so that closing sends no reset. */
    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        for (int c; (c = in.read()) != -1; ) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) break;
        }
        for (String line : head.toString().split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                in.readNBytes(Integer.parseInt(line.substring(colon + 1).trim()));
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a listener that is gone already
        }
    }
}
