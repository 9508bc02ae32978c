package dev.coffer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.config.StoredLogin;
import dev.coffer.sdk.CofferClient;
import dev.coffer.sdk.CofferException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A person's stored session: logs in with email and password, and renews the short-lived access token
 * with the refresh token when less than a minute of it is left (the server replaces both tokens on each
 * renewal, so the new pair is stored at once).
 */
public final class PersonSession {

    private PersonSession() {}

    /** Logs in and returns the stored session (not yet saved). */
    static StoredLogin login(String apiUrl, String email, String password, String organizationId) {
        CofferClient anonymous = client(apiUrl, "none");
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("email", email);
        body.put("password", password);
        if (organizationId != null) body.put("organizationId", organizationId);
        JsonNode r = anonymous.request("POST", "/api/v1/auth/login", null, body);
        return stored(anonymous.apiUrl(), email, r);
    }

    /** An accepted invitation: the stored session, where it is stored, the organization and role joined. */
    public record Accepted(StoredLogin login, Path file, String organization, String role) {}

    /**
     * Accepts an invitation with a new password and stores the session it answers, as {@code coffer login
     * --email} does. The server is {@code apiUrl}, else COFFER_API_URL (or Infisical's names), else the default.
     */
    public static Accepted accept(String apiUrl, String token, String password) throws IOException {
        String url = Connection.normalize(Connection.first(
                apiUrl,
                Connection.env("COFFER_API_URL", "INFISICAL_API_URL", "INFISICAL_DOMAIN"),
                "http://127.0.0.1:8080"));
        CofferClient anonymous = client(url, "none");
        JsonNode r = anonymous.request(
                "POST", "/api/v1/invite-org/accept", null, Map.of("token", token, "password", password));
        StoredLogin session =
                stored(anonymous.apiUrl(), r.path("user").path("email").asText(), r);
        Path file = session.save(dev.coffer.cli.config.ConfigDir.resolve(Connection.env));
        return new Accepted(
                session,
                file,
                r.path("organization").path("name").asText(),
                r.path("role").asText());
    }

    /** The access token of the stored session, renewed first (and the renewal stored) when it is running out. */
    static String current(StoredLogin login, Path configDir) {
        if (login.expiresAt() - System.currentTimeMillis() > 60_000) return login.token();
        JsonNode r;
        try {
            r = client(login.apiUrl(), "none")
                    .request("POST", "/api/v1/auth/token", null, Map.of("refreshToken", login.refreshToken()));
        } catch (CofferException.Unauthorized e) {
            throw new CliException("The session of " + login.email() + " at " + login.apiUrl()
                    + " has ended (logged out, expired after 30 days, or renewed by another command at the same "
                    + "time). Log in again: coffer login --email " + login.email());
        }
        StoredLogin renewed = stored(login.apiUrl(), login.email(), r);
        try {
            renewed.save(configDir);
        } catch (IOException e) {
            throw new CliException("Cannot store the renewed session in " + configDir + " ("
                    + e.getClass().getSimpleName() + "); the old refresh token no longer works: log in again.");
        }
        return renewed.token();
    }

    private static StoredLogin stored(String apiUrl, String email, JsonNode r) {
        long expiresAt = System.currentTimeMillis() + r.path("expiresIn").asLong(900) * 1000;
        return StoredLogin.session(
                apiUrl,
                email,
                r.path("accessToken").asText(),
                r.path("refreshToken").asText(),
                expiresAt);
    }

    private static CofferClient client(String apiUrl, String token) {
        return CofferClient.builder()
                .apiUrl(apiUrl)
                .token(token)
                .timeout(Duration.ofSeconds(10))
                .build();
    }
}
