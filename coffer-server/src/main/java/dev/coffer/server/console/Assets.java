package dev.coffer.server.console;

import dev.coffer.server.http.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The console's static files, read from the jar once and served under content-hashed names
 * ({@code console.3fa9c2d1e0b4.css}), so a browser may keep each for a year: a changed file is a new
 * name. htmx is a pinned copy (its licence is served beside it as {@code htmx.LICENSE.txt}).
 */
public final class Assets {

    private record Asset(String name, byte[] bytes, String contentType) {}

    private static final Map<String, String> TYPES = Map.of(
            "css",
            "text/css; charset=utf-8",
            "js",
            "text/javascript; charset=utf-8",
            "txt",
            "text/plain; charset=utf-8");

    private final Map<String, Asset> byHashedName = new LinkedHashMap<>();
    private final Map<String, String> hashedByName = new LinkedHashMap<>();

    Assets() {
        for (String name : new String[] {"console.css", "console.js", "htmx.min.js", "htmx.LICENSE.txt"}) {
            byte[] bytes = read(name);
            int dot = name.indexOf('.');
            String ext = name.substring(name.lastIndexOf('.') + 1);
            String hashed = name.substring(0, dot) + "." + hash(bytes) + name.substring(dot);
            byHashedName.put(hashed, new Asset(hashed, bytes, TYPES.get(ext)));
            hashedByName.put(name, "/assets/" + hashed);
        }
    }

    public String css() {
        return hashedByName.get("console.css");
    }

    public String js() {
        return hashedByName.get("console.js");
    }

    public String htmx() {
        return hashedByName.get("htmx.min.js");
    }

    public String htmxLicence() {
        return hashedByName.get("htmx.LICENSE.txt");
    }

    /** The file under its hashed name, cached for a year; a 404 page for any other name. */
    Reply serve(String hashedName) {
        Asset a = byHashedName.get(hashedName);
        if (a == null) {
            return new Reply(
                    404,
                    "No such console file; the pages link the current ones.".getBytes(),
                    Map.of("Content-Type", "text/plain; charset=utf-8", "Cache-Control", "no-store"));
        }
        return new Reply(
                200,
                a.bytes(),
                Map.of(
                        "Content-Type",
                        a.contentType(),
                        "Cache-Control",
                        "public, max-age=31536000, immutable",
                        "X-Content-Type-Options",
                        "nosniff"));
    }

    private static byte[] read(String name) {
        try (InputStream in = Assets.class.getResourceAsStream("/console/assets/" + name)) {
            if (in == null) throw new IllegalStateException("console asset " + name + " is missing from the jar");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hash(byte[] bytes) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
                    .substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
