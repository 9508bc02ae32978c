package dev.coffer.server.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The closed list of audit event types, in Infisical's names where Infisical has one, keyed by the
 * route that was called ({@code METHOD template}). A route that is not listed is {@code api-request};
 * a request that matched no route is {@code unmatched-request}.
 */
public final class EventTypes {

    public static final String OTHER = "api-request";
    public static final String UNMATCHED = "unmatched-request";

    private static final Map<String, String> BY_ROUTE = new LinkedHashMap<>();

    static {
        for (String base : new String[] {"/api/v3/secrets/raw", "/api/v4/secrets"}) {
            String batch = base.contains("v3") ? "/api/v3/secrets/batch/raw" : "/api/v4/secrets/batch";
            put("GET", base, "get-secrets");
            put("GET", base + "/{name}", "get-secret");
            put("POST", base + "/{name}", "create-secret");
            put("PATCH", base + "/{name}", "update-secret");
            put("DELETE", base + "/{name}", "delete-secret");
            put("POST", batch, "create-secrets");
            put("PATCH", batch, "update-secrets");
            put("DELETE", batch, "delete-secrets");
        }
        put("POST", "/api/v1/auth/universal-auth/login", "login-identity-universal-auth");
        put("POST", "/api/v1/auth/token/renew", "renew-identity-access-token");
        put("POST", "/api/v1/auth/token/revoke", "revoke-identity-access-token");
        put("POST", "/api/v1/identities", "create-identity");
        put("GET", "/api/v1/identities", "get-identities");
        put("GET", "/api/v1/identities/{id}", "get-identity");
        put("PATCH", "/api/v1/identities/{id}", "update-identity");
        put("DELETE", "/api/v1/identities/{id}", "delete-identity");
        String ua = "/api/v1/auth/universal-auth/identities/{id}";
        put("POST", ua, "add-identity-universal-auth");
        put("GET", ua, "get-identity-universal-auth");
        put("PATCH", ua, "update-identity-universal-auth");
        put("DELETE", ua, "revoke-identity-universal-auth");
        put("POST", ua + "/client-secrets", "create-identity-universal-auth-client-secret");
        put("GET", ua + "/client-secrets", "get-identity-universal-auth-client-secret");
        put("GET", ua + "/client-secrets/{secretId}", "get-identity-universal-auth-client-secret");
        put("POST", ua + "/client-secrets/{secretId}/revoke", "revoke-identity-universal-auth-client-secret");
        for (String p : new String[] {"/api/v2/workspace", "/api/v1/projects", "/api/v1/workspace"}) {
            put("POST", p, "create-project");
        }
        for (String p : new String[] {"/api/v1/projects", "/api/v1/workspace"}) put("GET", p, "get-projects");
        for (String p : new String[] {
            "/api/v1/projects/{id}",
            "/api/v1/workspace/{id}",
            "/api/v1/projects/slug/{slug}",
            "/api/v2/workspace/{slug}"
        }) {
            put("GET", p, "get-project");
        }
        for (String p : new String[] {"/api/v1/projects/{id}", "/api/v1/workspace/{id}", "/api/v2/workspace/{slug}"}) {
            put("DELETE", p, "delete-project");
        }
        for (String base :
                new String[] {"/api/v1/workspace/{projectId}/environments", "/api/v1/projects/{projectId}/environments"
                }) {
            put("POST", base, "create-environment");
            put("PATCH", base + "/{envId}", "update-environment");
            put("DELETE", base + "/{envId}", "delete-environment");
        }
        for (String base : new String[] {"/api/v1/folders", "/api/v2/folders"}) {
            put("POST", base, "create-folder");
            put("GET", base, "get-folders");
            put("GET", base + "/{id}", "get-folder");
            put("PATCH", base + "/{id}", "update-folder");
            put("DELETE", base + "/{idOrName}", "delete-folder");
        }
        for (String base : new String[] {
            "/api/v2/workspace/{projectId}/identity-memberships", "/api/v1/projects/{projectId}/identity-memberships"
        }) {
            put("GET", base, "get-identity-project-memberships");
            put("POST", base + "/{identityId}", "create-identity-project-membership");
            put("GET", base + "/{identityId}", "get-identity-project-membership");
            put("PATCH", base + "/{identityId}", "update-identity-project-membership");
            put("DELETE", base + "/{identityId}", "delete-identity-project-membership");
        }
        put("GET", "/api/v1/secret/{secretId}/secret-versions", "get-secret-versions");
        put("POST", "/api/v1/secret/{secretId}/rollback", "rollback-secret");
        put("POST", "/api/v1/secrets/restore", "restore-secret");
        put("GET", "/api/v1/secrets/deleted", "get-deleted-secrets");
        put("GET", "/api/v1/folder-commits", "get-folder-commits");
        put("GET", "/api/v1/folder-commits/{commitId}", "get-folder-commit");
        put("POST", "/api/v1/folder-commits/rollback", "rollback-folder");
        put("GET", "/api/v1/organization/audit-logs", "get-audit-logs");
        put("GET", "/api/v1/admin/audit/verify", "verify-audit-logs");
        put("GET", "/api/v1/secret-readers", "get-secret-readers");
        put("POST", "/api/v1/admin/bootstrap", "bootstrap-instance");
        put("POST", "/api/v1/admin/bootstrap/token", "bootstrap-token");
        // the web console's requests that read or change secrets, under the API's names
        String console = "/projects/{projectId}/env/{env}";
        put("POST", console + "/reveal", "get-secret");
        put("POST", console + "/download", "get-secrets");
        put("POST", console + "/delete", "delete-secrets");
        put("POST", console + "/rollback", "rollback-secret");
        put("POST", console + "/tags", "update-secret");
        put("POST", console + "/diff", "get-secret");
        put("POST", console + "/recover", "rollback-folder");
        put("GET", "/audit/export", "get-audit-logs");
    }

    private EventTypes() {}

    private static void put(String method, String template, String type) {
        BY_ROUTE.put(method + " " + template, type);
    }

    /** The event type of a request to a route ({@code method} and its template), or of no route (null). */
    public static String of(String method, String template) {
        if (template == null) return UNMATCHED;
        return BY_ROUTE.getOrDefault(method + " " + template, OTHER);
    }

    /** Every event type there is, sorted (the documented closed list). */
    public static Set<String> all() {
        Set<String> all = new TreeSet<>(BY_ROUTE.values());
        all.add(OTHER);
        all.add(UNMATCHED);
        return all;
    }

    /** The types that read secret values: what "who still reads this secret" counts. */
    public static boolean readsSecrets(String type) {
        return "get-secrets".equals(type) || "get-secret".equals(type);
    }
}
