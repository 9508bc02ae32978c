package dev.coffer.server.servicetokens;

import dev.coffer.server.access.Action;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Authorizer;
import dev.coffer.server.access.Resource;
import dev.coffer.server.access.Subject;
import dev.coffer.server.access.TokenPolicies;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.keys.WorkspaceKeys;
import dev.coffer.server.projects.Environment;
import dev.coffer.server.projects.Project;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Ids;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Creating, listing and deleting service tokens: project admins only (through the Authorizer, subject
 * service tokens). A new token is {@code st.<id>.<secret>.<key>}: only an HMAC of {@code <secret>} is
 * stored, and {@code <key>} (sent by Infisical's CLI as {@code randomBytes}, else made here and shown
 * once) only wraps the token's workspace key and is then forgotten.
 */
public final class ServiceTokenService {

    /** A token just made: what the client is shown once, and the row. */
    public record Created(String serviceToken, ServiceToken token) {
        @Override
        public String toString() {
            return "Created[" + token + "]";
        }
    }

    static final long MAX_EXPIRES_IN = 10L * 366 * 24 * 3600;
    private static final Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");

    private final Database db;
    private final ProjectService projects;
    private final Authorizer authorizer;
    private final WorkspaceKeys keys;
    private final Clock clock;

    ServiceTokenService(Database db, ProjectService projects, Authorizer authorizer, WorkspaceKeys keys, Clock clock) {
        this.db = db;
        this.projects = projects;
        this.authorizer = authorizer;
        this.keys = keys;
        this.clock = clock;
    }

    /** What a create request asks for, as parsed by the routes. */
    public record Request(
            String name,
            String projectId,
            List<TokenPolicies.Scope> scopes,
            List<String> permissions,
            Long expiresIn,
            String randomBytes,
            boolean clientWrappedKey) {}

    public Created create(Actor actor, Request in) {
        Project p = projects.find(in.projectId());
        authorizer.require(actor, Action.CREATE, Resource.inProject(Subject.SERVICE_TOKENS, p.ref()));
        String name = in.name() == null ? "" : in.name().trim();
        if (name.isEmpty() || name.length() > 64) {
            throw new ApiException.Validation("name", "'name' must be 1 to 64 characters.");
        }
        if (in.scopes().isEmpty()) {
            throw new ApiException.Validation(
                    "scopes",
                    "'scopes' must hold at least one {environment, secretPath}, e.g. "
                            + "[{\"environment\":\"dev\",\"secretPath\":\"/**\"}].");
        }
        List<String> envSlugs =
                projects.environments(p.id()).stream().map(Environment::slug).toList();
        List<TokenPolicies.Scope> scopes = new java.util.ArrayList<>();
        for (int i = 0; i < in.scopes().size(); i++) {
            TokenPolicies.Scope s = in.scopes().get(i);
            if (s.secretPath().length() > 1 && s.secretPath().endsWith("/")) {
                // '/app/' is the folder '/app', as paths are everywhere else
                s = new TokenPolicies.Scope(
                        s.environment(),
                        s.secretPath().substring(0, s.secretPath().length() - 1));
            }
            scopes.add(s);
            String field = "scopes[" + i + "]";
            if (!envSlugs.contains(s.environment())) {
                throw new ApiException.Validation(
                        field + ".environment",
                        "Environment '" + s.environment() + "' is not in project '" + p.name()
                                + "'; its environments are " + envSlugs + ".");
            }
            if (!s.secretPath().startsWith("/") || s.secretPath().length() > 1024) {
                throw new ApiException.Validation(
                        field + ".secretPath", "'secretPath' must start with '/' (e.g. '/', '/app' or '/app/**').");
            }
            ServiceTokens.requireGlob(s.secretPath(), field + ".secretPath");
        }
        Set<String> permissions = new LinkedHashSet<>();
        for (String perm : in.permissions()) {
            if (!perm.equals("read") && !perm.equals("write")) {
                throw new ApiException.Validation("permissions", "'permissions' may hold only \"read\" and \"write\".");
            }
            permissions.add(perm);
        }
        if (permissions.isEmpty()) {
            throw new ApiException.Validation("permissions", "'permissions' must hold \"read\", \"write\" or both.");
        }
        long expiresIn = in.expiresIn() == null ? 0 : in.expiresIn();
        if (expiresIn < 0 || expiresIn > MAX_EXPIRES_IN) {
            throw new ApiException.Validation(
                    "expiresIn", "'expiresIn' is in seconds: 0 or null for never, at most " + MAX_EXPIRES_IN + ".");
        }
        String key = in.randomBytes();
        if (key != null && !HEX32.matcher(key).matches()) {
            throw new ApiException.Validation(
                    "randomBytes", "'randomBytes' must be 32 lowercase hex characters (16 random bytes).");
        }
        if (key == null && in.clientWrappedKey()) {
            throw new ApiException.BadRequest("Coffer makes each token's workspace key itself and cannot use an "
                    + "'encryptedKey' wrapped by the client; send 'randomBytes' (32 hex characters) or neither.");
        }
        boolean keyMadeHere = key == null;
        if (keyMadeHere) key = WorkspaceKeys.newHex();
        String id = Ids.newId();
        String secret = WorkspaceKeys.newHex();
        WorkspaceKeys.Sealed wrapped = WorkspaceKeys.seal(key, keys.workspaceKey(id));
        long now = clock.millis();
        ServiceToken t = new ServiceToken(
                id,
                p.id(),
                p.orgId(),
                name,
                keys.hashSecret(id, secret),
                List.copyOf(scopes),
                permissions,
                wrapped.ciphertext(),
                wrapped.iv(),
                wrapped.tag(),
                actor.id(),
                expiresIn == 0 ? null : now + expiresIn * 1000,
                now,
                now);
        db.write(tx -> {
            ServiceTokenStore.insert(tx, t);
            tx.invalidate(Invalidator.Topic.TOKEN, id);
            return null;
        });
        String shown = "st." + id + "." + secret + (keyMadeHere ? "." + key : "");
        return new Created(shown, t);
    }

    public List<ServiceToken> list(Actor actor, String projectIdOrSlug) {
        Project p = projects.find(projectIdOrSlug);
        authorizer.require(actor, Action.READ, Resource.inProject(Subject.SERVICE_TOKENS, p.ref()));
        return db.read(tx -> ServiceTokenStore.byProject(tx, p.id()));
    }

    public ServiceToken delete(Actor actor, String id) {
        ServiceToken t = (Ids.isUuid(id)
                        ? db.read(tx -> ServiceTokenStore.find(tx, id))
                        : java.util.Optional.<ServiceToken>empty())
                .orElseThrow(() -> new ApiException.NotFound("Service token '" + id + "' not found."));
        if (!t.orgId().equals(actor.orgId())) throw new ApiException.NotFound("Service token '" + id + "' not found.");
        Project p = projects.find(t.projectId());
        authorizer.require(actor, Action.DELETE, Resource.inProject(Subject.SERVICE_TOKENS, p.ref()));
        db.write(tx -> {
            ServiceTokenStore.delete(tx, id);
            tx.invalidate(Invalidator.Topic.TOKEN, id);
            return null;
        });
        return t;
    }
}
