package dev.coffer.cli.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.CliException;
import dev.coffer.cli.admin.Api;
import dev.coffer.sdk.CofferException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The project, environment and folder a history verb works on, and the secret ids it looks up. */
record Place(Api api, String projectId, String environment, String path) {

    static Place of(Api api) {
        String env = api.settings().environment();
        if (env == null) throw new CliException("No environment: pass --env (e.g. --env prod) or set COFFER_ENV.", 2);
        String path = api.settings().path() == null ? "/" : api.settings().path();
        return new Place(api, api.projectId(), env, path.isEmpty() ? "/" : path);
    }

    Map<String, String> query() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("workspaceId", projectId);
        q.put("environment", environment);
        q.put("secretPath", path);
        return q;
    }

    String where() {
        return environment + ":" + path;
    }

    /** The id of secret {@code key} here: the live one, else the most recently deleted one. */
    String secretId(String key) {
        try {
            return api.get("/api/v3/secrets/raw/" + Api.segment(key), query())
                    .at("/secret/id")
                    .asText();
        } catch (CofferException e) {
            if (e.status() != 404) throw e;
        }
        for (JsonNode d : api.get("/api/v1/secrets/deleted", query()).path("secrets")) {
            if (d.path("secretKey").asText().equals(key))
                return d.path("secretId").asText();
        }
        throw new CliException("No secret '" + key + "' at " + where() + ", now or deleted.");
    }
}
