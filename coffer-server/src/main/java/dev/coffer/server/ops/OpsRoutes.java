package dev.coffer.server.ops;

import dev.coffer.server.http.Body;
import dev.coffer.server.http.Router;
import dev.coffer.server.store.Ids;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** Status and bootstrap: the two routes that need no token. */
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
                    b.requiredString("email"), b.requiredString("password"), b.requiredString("organization"));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put(
                    "message",
                    "Instance bootstrapped: created the user, the organization and an admin machine identity. "
                            + "Store the identity's token now; it is not shown again.");
            out.put("user", Map.of("id", res.userId(), "email", res.email(), "username", res.email()));
            out.put("organization", Map.of("id", res.orgId(), "name", res.orgName(), "slug", res.orgSlug()));
            out.put(
                    "identity",
                    Map.of(
                            "id",
                            res.identityId(),
                            "name",
                            res.identityName(),
                            "credentials",
                            Map.of("token", res.token())));
            return out;
        });
    }
}
