package dev.coffer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.sdk.CofferClient;
import dev.coffer.sdk.CofferException;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Which environment {@code --env} means. The server takes an environment's slug, or its name or slug
 * in any case when that is unambiguous; so that nobody reads the wrong environment without noticing,
 * a value that is not exactly one of the project's slugs is looked up in the project's environments
 * and the environment chosen is named on stderr ({@code coffer: using environment dev (Development)}),
 * and its slug used. When the lookup is not allowed or fails, the value is passed on as it is.
 */
final class Environments {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Environments() {}

    /** One environment of a project. */
    record Env(String name, String slug) {}

    /** The settings with the environment's slug, after naming the choice when the value was not a slug. */
    static Connection.Resolved settle(Connection.Resolved r, CofferClient client) {
        if (r.projectId() == null || r.environment() == null) return r;
        List<Env> envs = lookUp(client, r.projectId());
        if (envs.isEmpty()) return r;
        Env chosen = choose(envs, r.environment());
        if (chosen == null || chosen.slug().equals(r.environment())) return r;
        Console.info("using environment " + chosen.slug() + " (" + chosen.name() + ")");
        return r.withEnvironment(chosen.slug());
    }

    /**
     * The environment a value means: the one with exactly this slug, else the only one whose slug or name
     * equals it ignoring case; null when none or several match.
     */
    static Env choose(List<Env> envs, String value) {
        for (Env e : envs) if (e.slug().equals(value)) return e;
        List<Env> matches = new ArrayList<>();
        for (Env e : envs) {
            if (e.slug().equalsIgnoreCase(value) || e.name().equalsIgnoreCase(value)) matches.add(e);
        }
        return matches.size() == 1 ? matches.getFirst() : null;
    }

    /** The project's environments, or an empty list when they cannot be read with this identity. */
    static List<Env> lookUp(CofferClient client, String projectId) {
        try {
            String token = client.accessToken();
            URI uri = URI.create(client.apiUrl() + "/api/v1/workspace/"
                    + URLEncoder.encode(projectId, StandardCharsets.UTF_8).replace("+", "%20"));
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout(5_000);
            c.setReadTimeout(5_000);
            c.setInstanceFollowRedirects(false);
            c.setRequestProperty("Accept", "application/json");
            c.setRequestProperty("Authorization", "Bearer " + token);
            if (c.getResponseCode() != 200) {
                c.disconnect();
                return List.of();
            }
            JsonNode body;
            try (InputStream in = c.getInputStream()) {
                body = JSON.readTree(in);
            }
            List<Env> out = new ArrayList<>();
            for (JsonNode e : body.path("workspace").path("environments")) {
                String slug = e.path("slug").asText("");
                if (!slug.isEmpty()) out.add(new Env(e.path("name").asText(slug), slug));
            }
            return out;
        } catch (CofferException.Unauthorized e) {
            throw e; // wrong credentials: say so now rather than try them twice
        } catch (IOException | CofferException | IllegalArgumentException e) {
            return List.of(); // forbidden, unreachable or not Coffer: the server decides
        }
    }
}
