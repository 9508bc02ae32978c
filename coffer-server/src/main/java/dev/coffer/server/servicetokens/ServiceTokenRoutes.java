package dev.coffer.server.servicetokens;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.coffer.server.access.TokenPolicies;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.http.Body;
import dev.coffer.server.http.Router;
import dev.coffer.server.store.Ids;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Infisical's v2 service-token routes: create (admins of the project), introspect (with the token
 * itself; Infisical's CLI and the 1.x Python client start here), list a project's tokens, delete.
 */
final class ServiceTokenRoutes {

    /** A token as the routes show it; the wrapped workspace key only to the token itself. */
    record View(
            String id,
            @JsonProperty("_id") String legacyId,
            String name,
            String projectId,
            String workspace,
            List<TokenPolicies.Scope> scopes,
            List<String> permissions,
            String createdBy,
            String expiresAt,
            String createdAt,
            String updatedAt) {}

    record Introspection(
            String id,
            @JsonProperty("_id") String legacyId,
            String name,
            String projectId,
            String workspace,
            List<TokenPolicies.Scope> scopes,
            List<String> permissions,
            String encryptedKey,
            String iv,
            String tag,
            String expiresAt,
            String createdAt,
            String updatedAt) {}

    private ServiceTokenRoutes() {}

    static void register(Router r, ServiceTokenService service, ServiceTokens tokens) {
        r.post("/api/v2/service-token", req -> {
            ServiceTokenService.Created c = service.create(req.actor(), request(req.body()));
            return Map.of("serviceToken", c.serviceToken(), "serviceTokenData", view(c.token()));
        });
        r.get("/api/v2/service-token", req -> {
            ServiceToken t = tokens.tokenOf(req.actor());
            return new Introspection(
                    t.id(),
                    t.id(),
                    t.name(),
                    t.projectId(),
                    t.projectId(),
                    t.scopes(),
                    List.copyOf(t.permissions()),
                    t.encryptedKey(),
                    t.iv(),
                    t.tag(),
                    iso(t.expiresAt()),
                    Ids.iso(t.createdAt()),
                    Ids.iso(t.updatedAt()));
        });
        r.get(
                "/api/v2/workspace/{workspaceId}/service-token-data",
                req -> Map.of(
                        "serviceTokenData",
                        service.list(req.actor(), req.param("workspaceId")).stream()
                                .map(ServiceTokenRoutes::view)
                                .toList()));
        r.delete(
                "/api/v2/service-token/{serviceTokenId}",
                req -> Map.of("serviceTokenData", view(service.delete(req.actor(), req.param("serviceTokenId")))));
    }

    private static ServiceTokenService.Request request(Body b) {
        List<TokenPolicies.Scope> scopes = new ArrayList<>();
        for (Body s : b.objects("scopes")) {
            scopes.add(new TokenPolicies.Scope(s.requiredString("environment"), s.string("secretPath", "/")));
        }
        String project = b.firstString("workspaceId", "projectId");
        if (project == null) {
            throw new ApiException.Validation("workspaceId", "'workspaceId' (the project's id) is required.");
        }
        String randomBytes = b.string("randomBytes", null);
        if (randomBytes != null && randomBytes.isEmpty()) randomBytes = null;
        String encryptedKey = b.string("encryptedKey", null);
        return new ServiceTokenService.Request(
                b.requiredString("name"),
                project,
                scopes,
                b.strings("permissions"),
                b.integer("expiresIn", null),
                randomBytes,
                encryptedKey != null && !encryptedKey.isEmpty());
    }

    static View view(ServiceToken t) {
        return new View(
                t.id(),
                t.id(),
                t.name(),
                t.projectId(),
                t.projectId(),
                t.scopes(),
                List.copyOf(t.permissions()),
                t.createdBy(),
                iso(t.expiresAt()),
                Ids.iso(t.createdAt()),
                Ids.iso(t.updatedAt()));
    }

    private static String iso(Long millis) {
        return millis == null ? null : Ids.iso(millis);
    }
}
