package dev.coffer.server.docs;

import dev.coffer.server.http.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.1 document of a route table: one operation per route, with its method, path template,
 * path parameters, whether it needs a token, and the catalog's tag and summary. Nothing is listed that
 * the table does not route. Templates that differ only in a parameter's name ({@code /folders/{id}} and
 * {@code /folders/{idOrName}}) are one path in OpenAPI, under the first template's names.
 */
public final class OpenApi {

    static final Pattern PARAM = Pattern.compile("\\{([^/{}]+)}");

    private OpenApi() {}

    /** One route as the reference shows it. */
    public record Operation(String method, String template, boolean authenticated, String tag, String summary) {}

    /** The routes with their catalog entries, grouped by tag in the catalog's order, each group by path. */
    public static Map<String, List<Operation>> byTag(List<Router.RouteInfo> routes) {
        Map<String, List<Operation>> out = new LinkedHashMap<>();
        for (String tag : RouteCatalog.TAGS.keySet()) out.put(tag, new ArrayList<>());
        for (Router.RouteInfo r : routes) {
            var entry = RouteCatalog.entry(r.method(), r.template())
                    .orElse(new RouteCatalog.Entry(RouteCatalog.OTHER, "Not yet described."));
            out.get(entry.tag())
                    .add(new Operation(r.method(), r.template(), r.authenticated(), entry.tag(), entry.summary()));
        }
        out.values().removeIf(List::isEmpty);
        return out;
    }

    /** The document, ready to be written as JSON. */
    public static Map<String, Object> document(List<Router.RouteInfo> routes, String version) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put(
                "info",
                Map.of(
                        "title",
                        "Coffer API",
                        "version",
                        version,
                        "description",
                        "Coffer's REST API, wire-compatible with Infisical's for the routes listed here. "
                                + "Send 'Authorization: Bearer <access token>' to every route that needs a token; "
                                + "errors are {reqId, statusCode, message, error, details}."));
        doc.put("servers", List.of(Map.of("url", "/")));

        Map<String, List<Operation>> grouped = byTag(routes);
        List<Map<String, Object>> tags = new ArrayList<>();
        for (String tag : grouped.keySet()) tags.add(Map.of("name", tag, "description", RouteCatalog.TAGS.get(tag)));
        doc.put("tags", tags);

        // OpenAPI allows one path per shape: the first template (in order) of each shape names the path
        Map<String, String> pathOfShape = new TreeMap<>();
        for (Router.RouteInfo r : routes) pathOfShape.merge(shape(r.template()), r.template(), (a, b) -> a);
        Map<String, Map<String, Object>> paths = new TreeMap<>();
        for (List<Operation> ops : grouped.values()) {
            for (Operation op : ops) {
                String path = pathOfShape.get(shape(op.template()));
                paths.computeIfAbsent(path, p -> new LinkedHashMap<>())
                        .put(op.method().toLowerCase(Locale.ROOT), operation(op, path));
            }
        }
        doc.put("paths", paths);
        doc.put("components", components());
        return doc;
    }

    /** A template with its parameter names left out: templates of the same shape are one OpenAPI path. */
    public static String shape(String template) {
        return PARAM.matcher(template).replaceAll("{}");
    }

    /** The parameter names of a template, in order. */
    public static List<String> parameters(String template) {
        List<String> names = new ArrayList<>();
        Matcher m = PARAM.matcher(template);
        while (m.find()) names.add(m.group(1));
        return names;
    }

    private static Map<String, Object> operation(Operation op, String path) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("tags", List.of(op.tag()));
        o.put("summary", op.summary());
        o.put(
                "operationId",
                op.method().toLowerCase(Locale.ROOT)
                        + op.template().replaceAll("[^A-Za-z0-9]+", "_").replaceAll("_+$", ""));
        o.put("security", op.authenticated() ? List.of(Map.of("bearerAuth", List.of())) : List.of());
        List<String> own = parameters(op.template());
        List<String> names = parameters(path);
        List<Map<String, Object>> params = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", names.get(i));
            p.put("in", "path");
            p.put("required", true);
            if (!own.get(i).equals(names.get(i))) {
                p.put("description", "This operation's own template calls it {" + own.get(i) + "}.");
            }
            p.put("schema", Map.of("type", "string"));
            params.add(p);
        }
        if (!params.isEmpty()) o.put("parameters", params);
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put("200", Map.of("description", "Success."));
        if (op.authenticated()) {
            responses.put(
                    "401", Map.of("$ref", "#/components/responses/Error", "description", "No, or no valid, token."));
        }
        responses.put("default", Map.of("$ref", "#/components/responses/Error"));
        o.put("responses", responses);
        return o;
    }

    private static Map<String, Object> components() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", "object");
        error.put("required", List.of("reqId", "statusCode", "message", "error"));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("reqId", Map.of("type", "string"));
        props.put("statusCode", Map.of("type", "integer"));
        props.put("message", Map.of("type", "string", "description", "What went wrong and what to do about it."));
        props.put("error", Map.of("type", "string"));
        props.put("details", Map.of("description", "Per-field details, when there are any."));
        error.put("properties", props);
        return Map.of(
                "securitySchemes",
                Map.of(
                        "bearerAuth",
                        Map.of(
                                "type",
                                "http",
                                "scheme",
                                "bearer",
                                "description",
                                "An access token from universal-auth login, or the admin token bootstrap answers.")),
                "schemas",
                Map.of("Error", error),
                "responses",
                Map.of(
                        "Error",
                        Map.of(
                                "description",
                                "An error in Infisical's format.",
                                "content",
                                Map.of(
                                        "application/json",
                                        Map.of("schema", Map.of("$ref", "#/components/schemas/Error"))))));
    }
}
