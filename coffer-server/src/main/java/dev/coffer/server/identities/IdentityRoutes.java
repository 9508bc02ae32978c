package dev.coffer.server.identities;

import dev.coffer.server.access.TrustedIps;
import dev.coffer.server.http.Body;
import dev.coffer.server.http.Router;
import java.util.List;
import java.util.Map;

/** HTTP routes for identities, universal auth, client secrets, login and tokens. */
public final class IdentityRoutes {

    private IdentityRoutes() {}

    public static void register(
            Router r, IdentityService identities, UniversalAuthService ua, LoginService login, AccessTokens tokens) {
        r.post("/api/v1/identities", req -> {
            Body b = req.body();
            Identity i = identities.create(
                    req.actor(),
                    b.requiredString("organizationId"),
                    b.requiredString("name"),
                    b.string("role", "no-access").trim());
            return Map.of("identity", IdentityViews.of(i));
        });
        r.get("/api/v1/identities", req -> {
            String orgId = req.query().get("orgId", "organizationId");
            List<IdentityViews.OrgMembershipView> list =
                    identities.list(req.actor(), orgId == null ? req.actor().orgId() : orgId).stream()
                            .map(IdentityViews::membership)
                            .toList();
            return Map.of("identities", list, "totalCount", list.size());
        });
        r.get(
                "/api/v1/identities/{id}",
                req -> Map.of("identity", IdentityViews.membership(identities.get(req.actor(), req.param("id")))));
        r.patch("/api/v1/identities/{id}", req -> {
            Body b = req.body();
            String role = b.string("role", null);
            return Map.of(
                    "identity",
                    IdentityViews.of(identities.update(
                            req.actor(), req.param("id"), b.string("name", null), role == null ? null : role.trim())));
        });
        r.delete(
                "/api/v1/identities/{id}",
                req -> Map.of("identity", IdentityViews.of(identities.delete(req.actor(), req.param("id")))));

        String uaPath = "/api/v1/auth/universal-auth/identities/{id}";
        r.post(
                uaPath,
                req -> Map.of(
                        "identityUniversalAuth",
                        IdentityViews.of(ua.attach(req.actor(), req.param("id"), settings(req.body())))));
        r.get(uaPath, req -> Map.of("identityUniversalAuth", IdentityViews.of(ua.get(req.actor(), req.param("id")))));
        r.patch(
                uaPath,
                req -> Map.of(
                        "identityUniversalAuth",
                        IdentityViews.of(ua.update(req.actor(), req.param("id"), settings(req.body())))));
        r.delete(
                uaPath,
                req -> Map.of("identityUniversalAuth", IdentityViews.of(ua.revoke(req.actor(), req.param("id")))));

        r.post(uaPath + "/client-secrets", req -> {
            Body b = req.body();
            UniversalAuthService.CreatedSecret s = ua.createClientSecret(
                    req.actor(),
                    req.param("id"),
                    b.string("description", ""),
                    b.integer("numUsesLimit", null),
                    b.integer("ttl", null));
            return Map.of("clientSecret", s.clientSecret(), "clientSecretData", IdentityViews.of(s.data()));
        });
        r.get(
                uaPath + "/client-secrets",
                req -> Map.of(
                        "clientSecretData",
                        ua.listClientSecrets(req.actor(), req.param("id")).stream()
                                .map(IdentityViews::of)
                                .toList()));
        r.get(
                uaPath + "/client-secrets/{secretId}",
                req -> Map.of(
                        "clientSecretData",
                        IdentityViews.of(ua.getClientSecret(req.actor(), req.param("id"), req.param("secretId")))));
        r.post(
                uaPath + "/client-secrets/{secretId}/revoke",
                req -> Map.of(
                        "clientSecretData",
                        IdentityViews.of(ua.revokeClientSecret(req.actor(), req.param("id"), req.param("secretId")))));

        r.add("POST", "/api/v1/auth/universal-auth/login", Router.Access.PUBLIC, req -> {
            Body b = req.body();
            return login.login(b.requiredString("clientId"), b.requiredString("clientSecret"), req.clientIp());
        });
        r.add(
                "POST",
                "/api/v1/auth/token/renew",
                Router.Access.PUBLIC,
                req -> tokens.renew(req.body().requiredString("accessToken").trim(), req.clientIp()));
        r.add("POST", "/api/v1/auth/token/revoke", Router.Access.PUBLIC, req -> {
            tokens.revoke(req.body().requiredString("accessToken").trim());
            return Map.of("message", "Successfully revoked access token");
        });
    }

    private static UniversalAuthService.Settings settings(Body b) {
        return new UniversalAuthService.Settings(
                b.integer("accessTokenTTL", null),
                b.integer("accessTokenMaxTTL", null),
                b.integer("accessTokenNumUsesLimit", null),
                b.has("clientSecretTrustedIps")
                        ? TrustedIps.fromRequest(b.raw("clientSecretTrustedIps"), "clientSecretTrustedIps")
                        : null,
                b.has("accessTokenTrustedIps")
                        ? TrustedIps.fromRequest(b.raw("accessTokenTrustedIps"), "accessTokenTrustedIps")
                        : null,
                b.bool("lockoutEnabled", null),
                b.integer("lockoutThreshold", null),
                b.integer("lockoutDurationSeconds", null),
                b.integer("lockoutCounterResetSeconds", null));
    }
}
