package dev.coffer.server.docs;

import dev.coffer.server.http.Json;
import dev.coffer.server.http.Reply;
import dev.coffer.server.http.Router;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Serves the API reference, made from the router's own table: an OpenAPI 3.1 document and a plain HTML
 * page. Both are public (they describe routes, not data). The reference is made on first request from
 * the table, when every route is registered.
 */
public final class DocsRoutes {

    public static final String PAGE = "/api/docs";
    public static final String DOCUMENT = "/api/docs/openapi.json";

    private DocsRoutes() {}

    public static void register(Router router, String version) {
        var made = new Object() {
            volatile byte[] document;
            volatile byte[] page;
        };
        router.add("GET", DOCUMENT, Router.Access.PUBLIC, req -> {
            if (made.document == null) made.document = Json.write(OpenApi.document(router.routes(), version));
            return new Reply(200, made.document, Map.of("Cache-Control", "no-cache"));
        });
        router.add("GET", PAGE, Router.Access.PUBLIC, req -> {
            if (made.page == null) {
                made.page = ReferencePage.render(router.routes(), version).getBytes(StandardCharsets.UTF_8);
            }
            return new Reply(
                    200,
                    made.page,
                    Map.of(
                            "Content-Type", "text/html; charset=utf-8",
                            "Content-Security-Policy", ReferencePage.CSP,
                            "X-Content-Type-Options", "nosniff",
                            "Referrer-Policy", "no-referrer",
                            "Cache-Control", "no-cache"));
        });
    }
}
