package dev.coffer.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.cli.CliException;
import dev.coffer.cli.Connection;
import dev.coffer.sdk.CofferClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's administrative API for one command: the settings resolved as for every verb (options,
 * environment, project file, stored login), a client with those credentials, and JSON calls. Failures
 * are the SDK's exceptions, which the command line prints as one line.
 */
public final class Api {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Connection.Resolved settings;
    private final CofferClient client;
    private final Connection connection;

    private Api(Connection connection) {
        this.connection = connection;
        this.settings = connection.resolve();
        this.client = connection.client(settings);
    }

    /** Work a verb does through the API. */
    @FunctionalInterface
    public interface Work {
        int run(Api api) throws java.io.IOException;
    }

    /** Runs the work, then keeps the (possibly renewed) access token for the next command. */
    public static int run(Connection connection, Work work) throws java.io.IOException {
        Api api = new Api(connection);
        int code = work.run(api);
        connection.remember(api.settings, api.client);
        return code;
    }

    /** The SDK client, for the secret reads and writes it has methods for. */
    public CofferClient client() {
        return client;
    }

    public Connection.Resolved settings() {
        return settings;
    }

    /** The project id the settings name (--projectId, COFFER_PROJECT_ID, .coffer.json), or a usage error. */
    public String projectId() {
        if (settings.projectId() == null) {
            throw new CliException(
                    "No project: pass --projectId (coffer projects list shows them), set COFFER_PROJECT_ID, or run "
                            + "'coffer init --projectId <id>' in this directory.",
                    2);
        }
        return settings.projectId();
    }

    /** The caller's organization: the one its login acts in (a person in several: the session's). */
    public String orgId() {
        JsonNode orgs = get("/api/v1/organization", null).path("organizations");
        if (orgs.isEmpty()) throw new CliException("The server lists no organization for this login.");
        return orgs.get(0).path("id").asText();
    }

    public JsonNode get(String path, Map<String, String> query) {
        return client.request("GET", path, query, null);
    }

    public JsonNode post(String path, Object body) {
        return client.request("POST", path, null, body == null ? Map.of() : body);
    }

    public JsonNode patch(String path, Object body) {
        return client.request("PATCH", path, null, body);
    }

    public JsonNode delete(String path, Object body) {
        return client.request("DELETE", path, null, body);
    }

    /** A path segment, escaped. */
    public static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A JSON object from name/value pairs, leaving out null values. */
    public static Map<String, Object> body(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) if (kv[i + 1] != null) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    /** Prints a JSON value, indented, on standard output. */
    public static void printJson(JsonNode n) throws java.io.IOException {
        System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n));
    }
}
