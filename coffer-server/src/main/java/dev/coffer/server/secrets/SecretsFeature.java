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

    /** The services other features build on (service tokens' encrypted routes). */
    public record Services(SecretService reads, SecretWrites writes) {}

    public static Services wire(
            Router router, Database db, ProjectService projects, Authorizer authorizer, Barrier barrier, Clock clock) {
        SecretCodec codec = new SecretCodec(barrier);
        Services services = new Services(
                new SecretService(db, projects, authorizer, codec),
                new SecretWrites(db, projects, authorizer, codec, clock));
        SecretRoutes.register(router, services.reads(), services.writes());
        return services;
    }
}
