package dev.coffer.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.crypto.Hex;
import dev.coffer.sdk.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The last access token per (API URL, client id), 0600 under the config directory, so consecutive
 * commands reuse it instead of logging in each time. A token is only handed out to the client secret
 * it was obtained with: the entry keeps a random salt and HMAC-SHA256(salt, secret) — never the
 * secret — and a different secret (a typo, a rotated secret) finds no token and must log in.
 */
public final class TokenCache {

    /** A cached token with its expiry (epoch millis) and TTL (millis). */
    public record Entry(String accessToken, long expiresAt, long ttl) {
        @Override
        public String toString() {
            return "TokenCache.Entry[expiresAt=" + expiresAt + "]";
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path file;
    private final String clientSecret;

    public TokenCache(Path configDir, String apiUrl, String clientId, String clientSecret) {
        this.file = configDir.resolve("tokens").resolve(hash(apiUrl + "|" + clientId) + ".json");
        this.clientSecret = clientSecret;
    }

    /** The cached token if it was obtained with this client secret and is valid for at least a minute. */
    public Optional<Entry> load() {
        try {
            if (!Files.isRegularFile(file)) return Optional.empty();
            JsonNode n = JSON.readTree(file.toFile());
            byte[] salt = Base64.getDecoder().decode(n.path("salt").asText(""));
            byte[] check = Base64.getDecoder().decode(n.path("secretCheck").asText(""));
            if (salt.length == 0 || !MessageDigest.isEqual(check, secretCheck(salt))) return Optional.empty();
            Entry e = new Entry(
                    n.path("accessToken").asText(),
                    n.path("expiresAt").asLong(),
                    n.path("ttl").asLong());
            return e.expiresAt() - System.currentTimeMillis() > 60_000 ? Optional.of(e) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public void save(Entry e) {
        try {
            byte[] salt = new byte[16];
            RANDOM.nextBytes(salt);
            var n = JSON.createObjectNode();
            n.put("accessToken", e.accessToken());
            n.put("expiresAt", e.expiresAt());
            n.put("ttl", e.ttl());
            n.put("salt", Base64.getEncoder().encodeToString(salt));
            n.put("secretCheck", Base64.getEncoder().encodeToString(secretCheck(salt)));
            PrivateFiles.write(file, JSON.writeValueAsBytes(n));
        } catch (IOException ignored) {
            // a cache: the next command logs in again
        }
    }

    private byte[] secretCheck(byte[] salt) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt, "HmacSHA256"));
            return mac.doFinal(clientSecret.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hash(String s) {
        try {
            return Hex.encode(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
