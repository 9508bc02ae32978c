package dev.coffer.server.secrets;

import dev.coffer.server.access.Authorizer;
import dev.coffer.server.http.Router;
import dev.coffer.server.keys.Barrier;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.store.Database;
import java.time.Clock;

/** Wires the secrets feature: reads, writes, the barrier codec they share, and the v3/v4 routes. */
public final class SecretsFeature {

    private SecretsFeature() {}

    public static void wire(
            Router router, Database db, ProjectService projects, Authorizer authorizer, Barrier barrier, Clock clock) {
        SecretCodec codec = new SecretCodec(barrier);
        SecretRoutes.register(
                router,
                new SecretService(db, projects, authorizer, codec),
                new SecretWrites(db, projects, authorizer, codec, clock));
    }
}
