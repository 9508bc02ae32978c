package dev.coffer.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Builds test state through the public API, as a user would: bootstrap, projects, identities with
 * universal auth, memberships, folders and secrets.
 */
public final class Fixtures {

    /** The bootstrap admin: an organization-admin identity token and its organization. */
    public record Admin(String token, String orgId, String identityId) {}

    /** A machine identity with universal auth and a fresh access token. */
    public record Machine(String id, String clientId, String clientSecret, String token) {}

    private final Api api;
    private Admin admin;

    public Fixtures(Api api) {
        this.api = api;
    }

    public Api api() {
        return api;
    }

    /** Bootstraps the instance once and returns the admin. */
    public Admin admin() {
        if (admin == null) {
            Api.Response r = api.post(
                    "/api/v1/admin/bootstrap",
                    null,
                    Map.of("email", "admin@example.com", "password", "correct horse battery", "organization", "Acme"));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            admin = new Admin(
                    r.json().at("/identity/credentials/token").asText(),
                    r.json().at("/organization/id").asText(),
                    r.json().at("/identity/id").asText());
        }
        return admin;
    }

    /**
     * A person of the admin's organization (org role member): invited by the admin and accepted with
     * {@code password}. Returns the session token the acceptance answered with.
     */
    public String person(String email, String password) {
        Api.Response inv = api.post(
                "/api/v1/organization/" + admin().orgId() + "/invite",
                admin().token(),
                Map.of("email", email, "role", "member"));
        assertThat(inv.status()).as(inv.body()).isEqualTo(200);
        Api.Response ok = api.post(
                "/api/v1/invite-org/accept",
                null,
                Map.of("token", inv.json().at("/token").asText(), "password", password));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        return ok.json().at("/accessToken").asText();
    }

    /** Creates a project as the admin; returns its id. */
    public String project(String name) {
        Api.Response r = api.post("/api/v2/workspace", admin().token(), Map.of("projectName", name));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().at("/project/id").asText();
    }

    /** Creates an identity with the given organization role, universal auth and a client secret, and logs in. */
    public Machine machine(String name, String orgRole) {
        Api.Response r = api.post(
                "/api/v1/identities",
                admin().token(),
                Map.of("name", name, "organizationId", admin().orgId(), "role", orgRole));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String id = r.json().at("/identity/id").asText();
        Api.Response ua = api.post("/api/v1/auth/universal-auth/identities/" + id, admin().token(), Map.of());
        assertThat(ua.status()).as(ua.body()).isEqualTo(200);
        String clientId = ua.json().at("/identityUniversalAuth/clientId").asText();
        String secret = clientSecret(id);
        return new Machine(id, clientId, secret, login(clientId, secret));
    }

    public String clientSecret(String identityId) {
        Api.Response cs = api.post(
                "/api/v1/auth/universal-auth/identities/" + identityId + "/client-secrets",
                admin().token(),
                Map.of("description", "test"));
        assertThat(cs.status()).as(cs.body()).isEqualTo(200);
        return cs.json().get("clientSecret").asText();
    }

    public String login(String clientId, String clientSecret) {
        Api.Response r = api.post(
                "/api/v1/auth/universal-auth/login", null, Map.of("clientId", clientId, "clientSecret", clientSecret));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("accessToken").asText();
    }

    /** Adds an identity to a project with a built-in role. */
    public void member(String projectId, String identityId, String role) {
        Api.Response r = api.post(
                "/api/v2/workspace/" + projectId + "/identity-memberships/" + identityId,
                admin().token(),
                Map.of("role", role));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    public void folder(String projectId, String env, String path, String name) {
        Api.Response r = api.post(
                "/api/v1/folders",
                admin().token(),
                Map.of("workspaceId", projectId, "environment", env, "path", path, "name", name));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** Creates a secret as the admin and returns the response's secret object. */
    public JsonNode secret(String projectId, String env, String path, String key, String value) {
        Api.Response r = api.post(
                "/api/v3/secrets/raw/" + key,
                admin().token(),
                Map.of(
                        "workspaceId",
                        projectId,
                        "environment",
                        env,
                        "secretPath",
                        path,
                        "secretValue",
                        value,
                        "secretComment",
                        "comment of " + key));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("secret");
    }

    /** Lists secrets as {@code token} and returns the keys. */
    public List<String> keys(String token, String projectId, String env, String path) {
        Api.Response r = api.get(
                "/api/v3/secrets/raw?workspaceId=" + projectId + "&environment=" + env + "&secretPath=" + path, token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("secrets").findValuesAsText("secretKey");
    }
}
