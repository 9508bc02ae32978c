package dev.coffer.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One HTTP exchange over a raw socket, for requests no well-behaved client would send: the bytes go
 * out exactly as given, and the answer is whatever comes back within a bound, or the fact that the
 * server closed (or reset) the connection, or that nothing came at all.
 */
final class RawHttp {

    /** What came back: the status (0 when no status line came), the whole answer, and how it ended. */
    record Answer(int status, String text, Ending ending) {
        String body() {
            int i = text.indexOf("\r\n\r\n");
            return i < 0 ? "" : text.substring(i + 4);
        }

        String statusLine() {
            int i = text.indexOf("\r\n");
            return i < 0 ? text : text.substring(0, i);
        }
    }

    /** How the exchange ended: the server closed the connection, reset it, or we stopped waiting. */
    enum Ending {
        CLOSED,
        RESET,
        TIMED_OUT
    }

    private RawHttp() {}

    static Answer exchange(int port, String request, Duration bound) throws IOException {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), bound);
    }

    /** Sends {@code request} and reads until the server closes or {@code bound} passes. */
    static Answer exchange(int port, byte[] request, Duration bound) throws IOException {
        return exchange(port, request, bound, false);
    }

    /**
     * Sends {@code request}, then, if {@code endOutput}, ends the sending side (the request is cut off
     * there), and reads until the server closes or {@code bound} passes.
     */
    static Answer exchange(int port, byte[] request, Duration bound, boolean endOutput) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) bound.toMillis());
            try {
                s.getOutputStream().write(request);
                s.getOutputStream().flush();
                if (endOutput) s.shutdownOutput();
            } catch (SocketException e) {
                // the server may answer and close before everything was sent; read what it said
            }
            return read(s.getInputStream(), System.nanoTime() + bound.toNanos());
        }
    }

    /** Reads one answer from an open socket (keep-alive): up to the end of its body, or until closed. */
    static Answer read(InputStream in, long deadlineNanos) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        Ending ending;
        while (true) {
            if (System.nanoTime() > deadlineNanos) {
                ending = Ending.TIMED_OUT;
                break;
            }
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                ending = Ending.TIMED_OUT;
                break;
            } catch (SocketException e) {
                ending = Ending.RESET;
                break;
            }
            if (n < 0) {
                ending = Ending.CLOSED;
                break;
            }
            got.write(buf, 0, n);
            if (complete(got.toString(StandardCharsets.ISO_8859_1))) {
                ending = Ending.CLOSED;
                break;
            }
        }
        String text = got.toString(StandardCharsets.ISO_8859_1);
        return new Answer(status(text), text, ending);
    }

    static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static boolean complete(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) return false;
        String head = text.substring(0, end).toLowerCase();
        int cl = head.indexOf("\ncontent-length:");
        if (cl < 0) return false;
        int eol = head.indexOf('\n', cl + 1);
        String v = head.substring(cl + 16, eol < 0 ? head.length() : eol).trim();
        try {
            return text.length() - end - 4 >= Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int status(String text) {
        if (!text.startsWith("HTTP/1.")) return 0;
        try {
            return Integer.parseInt(text.substring(9, 12));
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
