package dev.coffer.server.secrets;

import dev.coffer.server.access.Authorizer;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.http.Router;
import dev.coffer.server.keys.Barrier;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.store.Database;
import java.time.Clock;

/** Wires the secrets feature: reads, writes, the barrier codec they share, and the v3/v4 routes. */
public final class SecretsFeature {

    private SecretsFeature() {}

    /** The services other features build on (service tokens' encrypted routes). */
    public record Services(
            SecretService reads,
            SecretWrites writes,
            SecretStates states,
            SecretHistory history,
            Comparison comparison) {}

    /**
     * {@code versionsKept}: how many versions of each secret history keeps (0: all); {@code cacheBytes}:
     * how much the sealed caches of folders' secrets and of lists' answers may hold together (0: no cache).
     */
    public static Services wire(
            Router router,
            Database db,
            ProjectService projects,
            Authorizer authorizer,
            Barrier barrier,
            Invalidator invalidator,
            Clock clock,
            int versionsKept,
            long cacheBytes) {
        SecretCodec codec = new SecretCodec(barrier);
        // the bound is shared: half for folders' rows, half for lists' finished answers
        FolderCache folders = new FolderCache(invalidator, cacheBytes / 2);
        SecretService reads = new SecretService(db, projects, authorizer, codec, folders);
        SecretLists lists = new SecretLists(reads, new ListAnswers(folders, cacheBytes - cacheBytes / 2));
        Services services = new Services(
                reads,
                new SecretWrites(db, projects, authorizer, codec, clock, versionsKept),
                new SecretStates(codec, versionsKept),
                new SecretHistory(db, projects, authorizer, codec, clock, versionsKept),
                new Comparison(reads));
        SecretRoutes.register(
                router,
                services.reads(),
                lists,
                services.writes(),
                new PersonalOverrides(db, projects, authorizer, services.writes(), codec, clock));
        MoveRoutes.register(router, new SecretMoves(db, projects, authorizer, codec, services.writes(), clock));
        HistoryRoutes.register(router, services.history());
        return services;
    }
}
