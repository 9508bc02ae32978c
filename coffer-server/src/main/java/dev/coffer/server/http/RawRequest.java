package dev.coffer.server.http;

import java.io.IOException;
import java.util.Map;

/**
 * A request as the web server hands it to the {@link Pipeline}, before anything is trusted: method,
 * raw path, raw (still percent-encoded) query string, lower-case headers, client address, and a body
 * that is read only when (and if) the pipeline asks, bounded by the limit it passes.
 */
public record RawRequest(
        String method, String rawPath, String rawQuery, Map<String, String> headers, String clientIp, BodySource body) {

    /** Reads the body: at most {@code limit + 1} bytes, so the caller can tell "too large". */
    @FunctionalInterface
    public interface BodySource {
        byte[] read(int limit) throws IOException;
    }

    public String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }
}
