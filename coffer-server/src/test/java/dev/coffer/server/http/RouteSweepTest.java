package dev.coffer.server.http;

import static dev.coffer.server.testing.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Every route of the server's own route table, so that no route ships unchecked: each authenticated
 * route refuses a missing or malformed token with 401 and an outsider of the organization with 403 or
 * 404; the public routes are exactly the listed ones. Each request points at real things of the
 * admin's organization (its project, an identity, a folder, a secret), so a route that forgot its
 * authorization check would find something to show or change.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteSweepTest {

    /** The only routes a caller may use without a token. A new public route must be added here on purpose. */
    private static final Set<String> PUBLIC_ROUTES = Set.of(
            "GET /api/status",
            "POST /api/v1/admin/bootstrap",
            "POST /api/v1/admin/bootstrap/token",
            "POST /api/v1/auth/universal-auth/login",
            "POST /api/v1/auth/token/renew",
            "POST /api/v1/auth/token/revoke",
            "POST /api/v1/auth/login",
            "POST /api/v1/auth/token",
            "POST /api/v1/invite-org/accept",
            "GET /api/docs",
            "GET /api/docs/openapi.json");

    /**
     * Listings of what the caller may see: an outsider is answered 200 with an empty list (as Infisical
     * does), which the sweep checks instead of a 403.
     */
    private static final Set<String> OWN_LISTINGS = Set.of("GET /api/v1/projects", "GET /api/v1/workspace");

    /** Routes about the caller itself: the organizations it belongs to (an outsider sees its own, 200). */
    private static final Set<String> ABOUT_THE_CALLER = Set.of("GET /api/v1/organization");

    private static final Pattern PARAM = Pattern.compile("\\{(\\w+)}");

    private TestServer server;
    private Api api;
    private String orgId;
    private String projectId;
    private String projectSlug;
    private String environmentId;
    private String folderId;
    private String secretId;
    private String commitId;
    private Fixtures.Machine bystander;
    private String clientSecretId;
    private Fixtures.Machine outsider;

    @BeforeAll
    void startServerWithAProjectAndAnOutsider() {
        server = TestServer.start(Backend.SQLITE);
        api = server.api();
        Fixtures f = new Fixtures(api);
        Fixtures.Admin admin = f.admin();
        orgId = admin.orgId();

        JsonNode project = api.post("/api/v2/workspace", admin.token(), body("projectName", "Sweep"))
                .json()
                .get("project");
        projectId = project.get("id").asText();
        projectSlug = project.get("slug").asText();
        environmentId = project.at("/environments/0/id").asText();
        folderId = api.post(
                        "/api/v1/folders",
                        admin.token(),
                        body("workspaceId", projectId, "environment", "dev", "path", "/", "name", "x"))
                .json()
                .at("/folder/id")
                .asText();
        secretId = f.secret(projectId, "dev", "/", "X", "the admin's secret value")
                .get("id")
                .asText();
        commitId = api.get("/api/v1/folder-commits?projectId=" + projectId + "&environment=dev&path=/", admin.token())
                .json()
                .at("/commits/0/id")
                .asText();

        bystander = f.machine("bystander", "member");
        f.member(projectId, bystander.id(), "member");
        clientSecretId = api.post(
                        "/api/v1/auth/universal-auth/identities/" + bystander.id() + "/client-secrets",
                        admin.token(),
                        body("description", "sweep"))
                .json()
                .at("/clientSecretData/id")
                .asText();

        outsider = f.machine("outsider", "no-access");
    }

    @AfterAll
    void stopServer() {
        if (server != null) server.close();
    }

    @Test
    void thePublicRoutesAreExactlyTheListedOnes() {
        Set<String> publicRoutes = new TreeSet<>();
        for (Router.RouteInfo r : server.routes()) {
            if (!r.authenticated()) publicRoutes.add(r.method() + " " + r.template());
        }
        assertThat(publicRoutes)
                .as("routes without a token; a new one must be added to PUBLIC_ROUTES on purpose")
                .containsExactlyInAnyOrderElementsOf(PUBLIC_ROUTES);
    }

    @Test
    void theRouteTableIsNotEmpty() {
        assertThat(authenticatedRoutes()).as("authenticated routes swept").hasSizeGreaterThan(40);
    }

    @TestFactory
    Stream<DynamicTest> everyAuthenticatedRouteAnswers401WithoutAToken() {
        return sweep(route -> {
            Api.Response r = call(route, null);
            assertThat(r.status()).as("%s: %s", route, r.body()).isEqualTo(401);
            assertThat(r.json())
                    .as("%s answers a JSON error: %s", route, r.body())
                    .isNotNull();
            assertThat(r.json().path("statusCode").asInt()).as("statusCode").isEqualTo(401);
            assertThat(r.json().path("error").asText()).as("error").isEqualTo("UnauthorizedError");
            assertThat(r.message()).as("message").isNotBlank();
        });
    }

    @TestFactory
    Stream<DynamicTest> everyAuthenticatedRouteAnswers401ToAMalformedToken() {
        return sweep(route -> {
            for (String token : List.of("not-a-token", "eyJhbGciOiJIUzI1NiJ9.eyJpZGVudGl0eUlkIjoieCJ9.c2lnbmF0dXJl")) {
                Api.Response r = call(route, token);
                assertThat(r.status())
                        .as("%s with token %s: %s", route, token, r.body())
                        .isEqualTo(401);
                assertThat(r.json().path("error").asText()).as("error").isEqualTo("UnauthorizedError");
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> everyAuthenticatedRouteRefusesAnOutsiderOfTheOrganizationWith403Or404() {
        return sweep(route -> {
            Api.Response r = call(route, outsider.token());
            r.assertNoInternals(route.toString());
            if (OWN_LISTINGS.contains(route.toString())) {
                assertThat(r.status())
                        .as("%s as an outsider: %s", route, r.body())
                        .isEqualTo(200);
                assertThat(r.json().elements().next())
                        .as("%s lists nothing for an outsider", route)
                        .isEmpty();
            } else if (ABOUT_THE_CALLER.contains(route.toString())) {
                assertThat(r.status())
                        .as("%s as an outsider: %s", route, r.body())
                        .isEqualTo(200);
            } else {
                assertThat(r.status())
                        .as("%s as an outsider: %s", route, r.body())
                        .isIn(403, 404);
            }
            assertThat(r.body())
                    .as("%s shows the outsider nothing of the project", route)
                    .doesNotContain("the admin's secret value")
                    .doesNotContain(bystander.clientId());
        });
    }

    // ---------------------------------------------------------------- the sweep

    private record Route(String method, String template) {
        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    private List<Route> authenticatedRoutes() {
        return server.routes().stream()
                .filter(Router.RouteInfo::authenticated)
                .map(r -> new Route(r.method(), r.template()))
                .toList();
    }

    /** One dynamic test per authenticated route, named after its method and template. */
    private Stream<DynamicTest> sweep(Consumer<Route> check) {
        return authenticatedRoutes().stream().map(route -> dynamicTest(route.toString(), () -> check.accept(route)));
    }

    /**
     * Sends the route's request: real ids in the path, the project in the query, and a body that passes
     * every route's validation, so that only authentication and authorization stand in the way.
     */
    private Api.Response call(Route route, String token) {
        String query = "?workspaceId=" + projectId + "&projectId=" + projectId + "&organizationId=" + orgId
                + "&environment=dev&secretPath=/&path=/";
        Map<String, Object> body = body(
                "workspaceId",
                projectId,
                "projectId",
                projectId,
                "organizationId",
                orgId,
                "environment",
                "dev",
                "secretPath",
                "/",
                "path",
                "/",
                "name",
                "x",
                "slug",
                "x",
                "projectName",
                "x",
                "role",
                "admin",
                "secretKey",
                "X",
                "secretValue",
                "changed",
                "description",
                "x",
                "secrets",
                List.of(body("secretKey", "X", "secretValue", "changed")));
        String path = fill(route.template()) + query;
        return api.send(route.method(), path, token, route.method().equals("GET") ? null : body, Map.of());
    }

    /** Replaces each {param} with a real value of the admin's organization, or a random UUID. */
    private String fill(String template) {
        Matcher m = PARAM.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String before = template.substring(0, m.start());
            m.appendReplacement(out, valueOf(m.group(1), before));
        }
        return m.appendTail(out).toString();
    }

    private String valueOf(String param, String pathBefore) {
        return switch (param) {
            case "projectId" -> projectId;
            case "orgId" -> orgId;
            case "slug", "projectSlug" -> projectSlug;
            case "envId" -> environmentId;
            case "identityId" -> bystander.id();
            case "secretId" -> pathBefore.startsWith("/api/v1/secret/") ? secretId : clientSecretId;
            case "commitId" -> commitId;
            case "name" -> "X";
            case "idOrName" -> "x";
            // a bare {id} is an id of whatever the segment before it names
            case "id" ->
                pathBefore.endsWith("/folders/")
                        ? folderId
                        : pathBefore.endsWith("/identities/")
                                ? bystander.id()
                                : pathBefore.endsWith("/projects/") || pathBefore.endsWith("/workspace/")
                                        ? projectId
                                        : UUID.randomUUID().toString();
            default -> UUID.randomUUID().toString();
        };
    }
}
