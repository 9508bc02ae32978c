package dev.coffer.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.http.Router;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The API reference the server serves at /api/docs is its route table: every route is documented, with
 * a tag and a summary, and everything documented is routed. Both forms are public, the page runs no
 * script and loads nothing, and a request for an unknown route is pointed at the reference.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiReferenceTest {

    private static final Pattern OPENAPI_PATH = Pattern.compile("(/([A-Za-z0-9._-]+|\\{[A-Za-z][A-Za-z0-9]*}))+");
    private static final Pattern PARAM = Pattern.compile("\\{([^/{}]+)}");

    private TestServer server;
    private Api api;
    private JsonNode document;

    @BeforeAll
    void startServerAndFetchTheDocumentWithoutAToken() {
        server = TestServer.start(Backend.SQLITE);
        api = server.api();
        Api.Response r = api.get("/api/docs/openapi.json", null);
        assertThat(r.status()).as("the document is public: %s", r.body()).isEqualTo(200);
        assertThat(r.header("content-type")).startsWith("application/json");
        document = r.json();
    }

    @AfterAll
    void stopServer() {
        if (server != null) server.close();
    }

    @Test
    void theDocumentIsOpenApi31AndListsExactlyTheRoutesOfTheRouterTable() {
        assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
        Set<String> routed = new TreeSet<>();
        for (Router.RouteInfo r : server.routes()) routed.add(r.method() + " " + OpenApi.shape(r.template()));
        List<String> documented = new ArrayList<>();
        for (Operation op : operations()) documented.add(op.method() + " " + OpenApi.shape(op.path()));
        assertThat(documented)
                .as("documented operations, one per route")
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(routed);
        assertThat(documented).hasSameSizeAs(server.routes());
    }

    @Test
    void everyDocumentedOperationIsRoutedByTheServer() {
        for (Operation op : operations()) {
            String path = PARAM.matcher(op.path()).replaceAll("x");
            Api.Response r = api.send(op.method(), path, null, op.method().equals("GET") ? null : Map.of(), Map.of());
            String what = op.method() + " " + op.path() + " → " + r;
            assertThat(r.status()).as(what).isNotEqualTo(405).isLessThan(500);
            if (r.status() == 404) {
                assertThat(r.message()).as(what).doesNotStartWith("No route").doesNotContain("is not supported");
            }
        }
    }

    @Test
    void everyRouteHasATagAndASummary() {
        List<String> undescribed = server.routes().stream()
                .filter(r -> RouteCatalog.entry(r.method(), r.template()).isEmpty())
                .map(r -> r.method() + " " + r.template())
                .toList();
        assertThat(undescribed)
                .as("routes without an entry in RouteCatalog (add a tag and a summary)")
                .isEmpty();
        for (Operation op : operations()) {
            assertThat(op.node().path("summary").asText()).as(op.toString()).isNotBlank();
            assertThat(op.node().path("tags").path(0).asText())
                    .as(op.toString())
                    .isNotBlank()
                    .isNotEqualTo(RouteCatalog.OTHER);
        }
    }

    @Test
    void everyCatalogEntryNamesARouteOfTheTable() {
        Set<String> routed = new TreeSet<>();
        for (Router.RouteInfo r : server.routes()) routed.add(r.method() + " " + r.template());
        assertThat(routed)
                .as("RouteCatalog entries the router does not serve (remove them)")
                .containsAll(RouteCatalog.described());
    }

    @Test
    void pathsUseOpenApiTemplatesWithEveryParameterDeclaredAndTheTokenRequirementOfTheRoute() {
        Map<String, Boolean> authenticated = new java.util.HashMap<>();
        for (Router.RouteInfo r : server.routes()) {
            authenticated.put(r.method() + " " + OpenApi.shape(r.template()), r.authenticated());
        }
        for (Operation op : operations()) {
            assertThat(op.path()).as("OpenAPI path template").matches(OPENAPI_PATH);
            List<String> declared = new ArrayList<>();
            op.node().path("parameters").forEach(p -> {
                assertThat(p.path("in").asText()).isEqualTo("path");
                assertThat(p.path("required").asBoolean()).isTrue();
                declared.add(p.path("name").asText());
            });
            assertThat(declared).as(op.toString()).isEqualTo(OpenApi.parameters(op.path()));
            boolean needsToken = authenticated.get(op.method() + " " + OpenApi.shape(op.path()));
            JsonNode security = op.node().path("security");
            assertThat(security.isArray()).as(op + " security").isTrue();
            if (needsToken) {
                assertThat(security.path(0).has("bearerAuth"))
                        .as(op + " needs a token")
                        .isTrue();
            } else {
                assertThat(security).as(op + " is public").isEmpty();
            }
        }
        assertThat(operations().stream()
                        .map(op -> op.node().path("operationId").asText())
                        .toList())
                .as("operation ids")
                .doesNotHaveDuplicates()
                .allMatch(id -> id.matches("[a-z]+(_[A-Za-z0-9]+)+"));
        assertThat(document.at("/components/securitySchemes/bearerAuth/scheme").asText())
                .isEqualTo("bearer");
    }

    @Test
    void thePageListsEveryRouteGroupedByTagWithoutScriptsUnderAStrictContentSecurityPolicy() throws Exception {
        Api.Response page = api.get("/api/docs", null);
        assertThat(page.status()).as("the page is public").isEqualTo(200);
        assertThat(page.header("content-type")).startsWith("text/html");
        assertThat(page.header("x-content-type-options")).isEqualTo("nosniff");
        String csp = page.header("content-security-policy");
        assertThat(csp)
                .startsWith("default-src 'none';")
                .doesNotContain("unsafe")
                .doesNotContain("*");
        String html = page.body();
        assertThat(html.toLowerCase(Locale.ROOT))
                .doesNotContain("<script")
                .doesNotContain("http://")
                .doesNotContain("https://")
                .doesNotContain("src=")
                .doesNotContainPattern("\\son[a-z]+\\s*=");
        Matcher style = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL).matcher(html);
        assertThat(style.find()).as("the page has its inline style").isTrue();
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(style.group(1).getBytes(StandardCharsets.UTF_8));
        assertThat(csp)
                .as("the policy allows exactly the page's own style")
                .contains("style-src 'sha256-" + Base64.getEncoder().encodeToString(hash) + "'");

        for (Router.RouteInfo r : server.routes()) {
            String row = "<td class=\"m\">" + r.method() + "</td><td><code>" + r.template()
                    + "</code></td><td class=\"a\">" + (r.authenticated() ? "token" : "public") + "</td>";
            assertThat(html)
                    .as("the page lists %s %s", r.method(), r.template())
                    .contains(row);
        }
        int previous = -1;
        for (String tag : RouteCatalog.TAGS.keySet()) {
            int at = html.indexOf("<h2>" + ReferencePage.escape(tag) + "</h2>");
            if (tag.equals(RouteCatalog.OTHER)) {
                assertThat(at).as("no route is left undescribed").isEqualTo(-1);
                continue;
            }
            assertThat(at)
                    .as("the page has a group for %s, in the catalog's order", tag)
                    .isGreaterThan(previous);
            previous = at;
        }
    }

    @Test
    void anUnknownRouteIsAnsweredWith404PointingToTheReference() {
        Api.Response r = api.get("/api/v9/nothing-here", null);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.message()).contains("No route GET /api/v9/nothing-here").contains("/api/docs");
    }

    // ---------------------------------------------------------------- the document's operations

    private record Operation(String method, String path, JsonNode node) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private List<Operation> operations() {
        List<Operation> out = new ArrayList<>();
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue()
                        .properties()
                        .forEach(op -> out.add(
                                new Operation(op.getKey().toUpperCase(Locale.ROOT), path.getKey(), op.getValue()))));
        assertThat(out).as("operations in the document").hasSizeGreaterThan(40);
        return out;
    }
}
