package dev.coffer.server.ops;

import dev.coffer.server.http.Body;
import dev.coffer.server.http.Router;
import dev.coffer.server.identities.AccessTokens;
import dev.coffer.server.store.Ids;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Status, bootstrap and a new bootstrap token: the routes of the instance that need no token. */
public final class OpsRoutes {

    private OpsRoutes() {}

    record Status(
            String date,
            String message,
            String version,
            boolean emailConfigured,
            boolean inviteOnlySignup,
            boolean redisConfigured,
            boolean secretScanningConfigured) {}

    public static void register(Router r, BootstrapService bootstrap, String version, Clock clock) {
        r.add(
                "GET",
                "/api/status",
                Router.Access.PUBLIC,
                req -> new Status(Ids.iso(clock.millis()), "Ok", version, false, false, false, false));
        r.add("POST", "/api/v1/admin/bootstrap", Router.Access.PUBLIC, req -> {
            Body b = req.body();
            BootstrapService.Result res = bootstrap.bootstrap(
                    b.requiredString("email"),
                    b.requiredString("password"),
                    b.requiredString("organization"),
                    b.integer("accessTokenTTL", null));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put(
                    "message",
                    "Instance bootstrapped: created the user, the organization and an admin machine identity. "
                            + "Store the identity's token now; it is not shown again. It expires in "
                            + res.expiresIn() + " seconds; get a new one with POST /api/v1/admin/bootstrap/token "
                            + "and the user's email and password.");
            out.put("user", Map.of("id", res.userId(), "email", res.email(), "username", res.email()));
            out.put("organization", Map.of("id", res.orgId(), "name", res.orgName(), "slug", res.orgSlug()));
            out.put("identity", identity(res.identityId(), res.identityName(), res.token(), res.expiresIn()));
            return out;
        });
        r.add("POST", "/api/v1/admin/bootstrap/token", Router.Access.PUBLIC, req -> {
            Body b = req.body();
            BootstrapService.NewToken t = bootstrap.newToken(
                    b.requiredString("email"),
                    b.requiredString("password"),
                    b.integer("accessTokenTTL", null),
                    req.clientIp(),
                    Boolean.TRUE.equals(b.bool("revokeOthers", false)));
            return newToken(t);
        });
        r.get("/api/v1/admin/bootstrap/tokens", req -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (AccessTokens.LiveToken t : bootstrap.liveTokens(req.actor())) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", t.id());
                m.put("identity", Map.of("id", t.identityId(), "name", t.identityName()));
                m.put("organizationId", t.orgId());
                m.put("createdAt", Ids.iso(t.createdAt()));
                m.put("expiresAt", t.expiresAt() == Long.MAX_VALUE ? null : Ids.iso(t.expiresAt()));
                m.put("revoked", false);
                out.add(m);
            }
            return Map.of("tokens", out);
        });
        r.post("/api/v1/admin/bootstrap/tokens", req -> {
            bootstrap.requireInstanceAdmin(req.actor()); // before the body is read: outsiders learn nothing
            Body b = req.body();
            return newToken(bootstrap.rotate(
                    req.actor(),
                    b.integer("accessTokenTTL", null),
                    Boolean.TRUE.equals(b.bool("revokeOthers", false))));
        });
    }

    private static Map<String, Object> newToken(BootstrapService.NewToken t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(
                "message",
                "A new token for the admin machine identity '" + t.identityName() + "'; it expires in "
                        + t.expiresIn() + " seconds."
                        + (t.revoked() > 0 ? " Revoked " + t.revoked() + " earlier bootstrap token(s)." : ""));
        out.put("identity", identity(t.identityId(), t.identityName(), t.token(), t.expiresIn()));
        out.put("revoked", t.revoked());
        return out;
    }

    private static Map<String, Object> identity(String id, String name, String token, long expiresIn) {
        return Map.of("id", id, "name", name, "credentials", Map.of("token", token, "expiresIn", expiresIn));
    }
}
