package dev.coffer.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.crypto.Aead;
import dev.coffer.crypto.Hex;
import dev.coffer.crypto.Hkdf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last good set of secrets, kept on disk for when the server cannot be reached. The file is
 * AES-256-GCM encrypted with a key derived (HKDF) from the credential that fetched it — the client
 * secret or token — and bound to its scope, so a copied file is useless without that credential. It is
 * written atomically with mode 0600. A file that does not decrypt (other credential, tampered) is
 * treated as absent.
 */
public final class LocalCache {

    /** Secrets as last fetched, and when. {@code toString} shows the count and age only. */
    public record Snapshot(Map<String, String> secrets, Instant fetchedAt) {
        @Override
        public String toString() {
            return "Snapshot[" + secrets.size() + " secrets, fetched " + fetchedAt + "]";
        }
    }

    private final Path file;
    private final Aead aead;
    private final byte[] associatedData;

    /**
     * @param dir         directory for cache files (created 0700 if missing)
     * @param apiUrl      server the secrets came from
     * @param scope       what was fetched
     * @param credential  the client secret or access token; the key is derived from it
     */
    public LocalCache(Path dir, String apiUrl, Scope scope, String credential) {
        String id = apiUrl + "|" + scope.projectId() + "|" + scope.environment() + "|" + scope.path() + "|"
                + scope.recursive() + "|" + scope.expand() + "|" + scope.includeImports();
        this.file = dir.resolve(Hex.encode(sha256(id)).substring(0, 32) + ".cache");
        this.associatedData = id.getBytes(StandardCharsets.UTF_8);
        this.aead = Aead.of(Hkdf.derive(
                sha256("coffer-local-cache"),
                credential.getBytes(StandardCharsets.UTF_8),
                "coffer/local-cache/v1".getBytes(StandardCharsets.UTF_8),
                32));
    }

    /** The default directory: {@code $XDG_CACHE_HOME/coffer} or {@code ~/.cache/coffer}. */
    public static Path defaultDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("coffer");
    }

    public Path file() {
        return file;
    }

    /** Saves a snapshot; failures are reported as IOException and leave any older file in place. */
    public void save(Map<String, String> secrets, Instant fetchedAt) throws IOException {
        ObjectNode root = Transport.JSON.createObjectNode();
        root.put("fetchedAt", fetchedAt.toString());
        ObjectNode s = root.putObject("secrets");
        secrets.forEach(s::put);
        byte[] sealed = aead.seal(Transport.JSON.writeValueAsBytes(root), associatedData);
        PrivateFiles.write(file, sealed);
    }

    /** The saved snapshot, or empty when there is none or it cannot be decrypted with this credential. */
    public Optional<Snapshot> load() {
        try {
            if (!Files.isRegularFile(file)) return Optional.empty();
            JsonNode root = Transport.JSON.readTree(aead.open(Files.readAllBytes(file), associatedData));
            Map<String, String> secrets = new LinkedHashMap<>();
            root.path("secrets")
                    .properties()
                    .forEach(e -> secrets.put(e.getKey(), e.getValue().asText()));
            return Optional.of(new Snapshot(
                    Map.copyOf(secrets), Instant.parse(root.path("fetchedAt").asText())));
        } catch (IOException
                | RuntimeException e) { // includes DecryptionFailedException: another credential or a tampered file
            return Optional.empty();
        }
    }

    /** "45 s", "12 min", "3 h 12 min", "2 d 4 h": how old a snapshot is; a negative age (clock skew) is "0 s". */
    public static String describeAge(Duration age) {
        long s = Math.max(0, age.getSeconds());
        if (s < 60) return s + " s";
        long min = s / 60;
        if (min < 60) return min + " min";
        long h = min / 60;
        if (h < 24) return h + " h" + (min % 60 == 0 ? "" : " " + min % 60 + " min");
        long d = h / 24;
        return d + " d" + (h % 24 == 0 ? "" : " " + h % 24 + " h");
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
