package dev.coffer.server.servicetokens;

import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Glob;
import dev.coffer.server.access.Policy;
import dev.coffer.server.access.ProjectRef;
import dev.coffer.server.access.TokenPolicies;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.cache.TtlCache;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.http.Authenticator;
import dev.coffer.server.keys.WorkspaceKeys;
import dev.coffer.server.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Authenticates legacy service tokens ({@code Bearer st.<id>.<secret>}) and gives their actors a
 * policy compiled from the token's scopes. Rows are cached by token id; deleting a token (or its
 * project) is delivered to every node's cache through the {@link Invalidator}, so a revoked token is
 * refused at once; an expired one is refused by the clock.
 */
public final class ServiceTokens implements Authenticator, TokenPolicies {

    private static final Pattern TOKEN =
            Pattern.compile("st\\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\.([0-9a-f]{32})"
                    + "(?:\\.[0-9a-f]{32})?");

    /** A cached row with its compiled policy. */
    private record Loaded(ServiceToken token, Policy policy, Optional<Place> pinned) {}

    private final Database db;
    private final WorkspaceKeys keys;
    private final Clock clock;
    private final TtlCache<String, Optional<Loaded>> cache;

    public ServiceTokens(Database db, WorkspaceKeys keys, Invalidator invalidator, Clock clock) {
        this.db = db;
        this.keys = keys;
        this.clock = clock;
        this.cache = new TtlCache<>(100_000, Duration.ofSeconds(30), clock);
        invalidator.on(Invalidator.Topic.TOKEN, cache::invalidate);
        invalidator.on(
                Invalidator.Topic.PROJECT,
                id -> cache.invalidateIf(
                        l -> l.isEmpty() || l.get().token().projectId().equals(id)));
        invalidator.onFlushAll(cache::clear);
    }

    @Override
    public boolean accepts(String bearerToken) {
        return bearerToken.startsWith("st.");
    }

    @Override
    public Actor authenticate(String bearerToken, String clientIp, String userAgent) {
        var m = TOKEN.matcher(bearerToken);
        if (!m.matches()) {
            throw new ApiException.Unauthorized("The service token is malformed; send 'Authorization: Bearer "
                    + "st.<id>.<secret>' as it was shown when the token was created.");
        }
        String id = m.group(1);
        Loaded loaded = cache.get(id, this::load).orElseThrow(ServiceTokens::unknown);
        ServiceToken t = loaded.token();
        if (!keys.secretMatches(id, m.group(2), t.secretHash())) throw unknown();
        if (t.expired(clock.millis())) {
            throw new ApiException.Unauthorized(
                    "The service token has expired; ask a project admin for a new one (or use universal auth).");
        }
        return new Actor(
                Actor.Kind.SERVICE_TOKEN, t.id(), t.name(), t.orgId(), "no-access", t.id(), clientIp, userAgent);
    }

    /** The row of the token that authenticated {@code actor}; 401 when it was deleted meanwhile. */
    ServiceToken tokenOf(Actor actor) {
        if (actor.kind() != Actor.Kind.SERVICE_TOKEN) {
            throw new ApiException.NotFound("This request was not made with a service token, so there is none to "
                    + "describe: send 'Authorization: Bearer st.<id>.<secret>'.");
        }
        return cache.get(actor.id(), this::load)
                .orElseThrow(ServiceTokens::unknown)
                .token();
    }

    @Override
    public Optional<Policy> policy(Actor actor, ProjectRef project) {
        return cache.get(actor.id(), this::load)
                .filter(l -> l.token().projectId().equals(project.id()))
                .map(Loaded::policy);
    }

    @Override
    public Optional<Place> pinned(Actor actor) {
        return cache.get(actor.id(), this::load).flatMap(Loaded::pinned);
    }

    private Optional<Loaded> load(String id) {
        return db.read(tx -> ServiceTokenStore.find(tx, id)).map(t -> {
            Optional<Place> pinned = Optional.empty();
            if (t.scopes().size() == 1 && !isGlob(t.scopes().getFirst().secretPath())) {
                Scope s = t.scopes().getFirst();
                pinned = Optional.of(new Place(s.environment(), s.secretPath()));
            }
            return new Loaded(t, TokenPolicies.compile(t.scopes(), t.permissions()), pinned);
        });
    }

    static boolean isGlob(String path) {
        return path.chars().anyMatch(c -> c == '*' || c == '?' || c == '{');
    }

    /** Checks that a scope path compiles as a glob; 400 otherwise. */
    static void requireGlob(String path, String field) {
        try {
            Glob.compile(path);
        } catch (IllegalArgumentException e) {
            throw new ApiException.Validation(field, "'" + field + "' is not a valid path glob (unbalanced '{').");
        }
    }

    private static ApiException unknown() {
        return new ApiException.Unauthorized(
                "The service token is not valid (deleted or unknown); ask a project " + "admin for a new one.");
    }

    @Override
    public String toString() {
        return "ServiceTokens[" + cache.size() + " cached]";
    }
}
