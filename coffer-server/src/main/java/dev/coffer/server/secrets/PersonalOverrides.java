package dev.coffer.server.secrets;

import dev.coffer.server.access.Action;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Authorizer;
import dev.coffer.server.access.Subject;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.history.Commit;
import dev.coffer.server.projects.Folder;
import dev.coffer.server.projects.FolderStore;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Tx;
import dev.coffer.server.tags.Tag;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A person's overrides (type {@code personal}): a user's own value for a shared secret, seen only by
 * that user. One exists only beside a shared secret of the same key at the same place, and goes when
 * that secret is deleted ({@link SecretStore#delete}). Writing one needs permission to read the shared
 * secret (it changes nothing anyone else sees). Machine identities and service tokens have none.
 */
public final class PersonalOverrides {

    private final Database db;
    private final ProjectService projects;
    private final Authorizer authorizer;
    private final SecretWrites writes;
    private final SecretCodec codec;
    private final Clock clock;

    PersonalOverrides(
            Database db,
            ProjectService projects,
            Authorizer authorizer,
            SecretWrites writes,
            SecretCodec codec,
            Clock clock) {
        this.db = db;
        this.codec = codec;
        this.projects = projects;
        this.authorizer = authorizer;
        this.writes = writes;
        this.clock = clock;
    }

    public Secret create(Actor actor, SecretService.Location loc, SecretInput in) {
        requirePerson(actor);
        if (in.newKey() != null) throw renameRefused();
        ProjectService.Scope scope = authorized(actor, loc, in);
        long now = clock.millis();
        return db.write(tx -> {
            SecretWrites.resolveTags(tx, scope, List.of(in));
            Folder folder = shared(tx, scope, in.key());
            if (SecretStore.personalByKeyForUpdate(tx, folder.id(), in.key(), actor.id())
                    .isPresent()) {
                throw new ApiException.BadRequest("You already have a personal override of '" + in.key() + "' at '"
                        + scope.path() + "'; update it instead.");
            }
            Commit commit = SecretWrites.begin(tx, scope, actor, now, "create personal", 1);
            return writes.insert(tx, scope, folder, in, now, commit, actor.id());
        });
    }

    public Secret update(Actor actor, SecretService.Location loc, SecretInput in) {
        requirePerson(actor);
        if (in.newKey() != null) throw renameRefused();
        ProjectService.Scope scope = authorized(actor, loc, in);
        long now = clock.millis();
        return db.write(tx -> {
            SecretWrites.resolveTags(tx, scope, List.of(in));
            Folder folder = shared(tx, scope, in.key());
            SecretRow cur = SecretStore.personalByKeyForUpdate(tx, folder.id(), in.key(), actor.id())
                    .orElseThrow(() -> notFound(in.key(), scope));
            Commit commit = SecretWrites.begin(tx, scope, actor, now, "update personal", 1);
            return writes.change(tx, scope, folder, cur, in, now, commit, actor.id());
        });
    }

    public Secret delete(Actor actor, SecretService.Location loc, String key) {
        requirePerson(actor);
        ProjectService.Scope scope =
                authorized(actor, loc, new SecretInput(key, null, null, null, null, null, null, null));
        long now = clock.millis();
        return db.write(tx -> {
            Folder folder = FolderStore.resolve(tx, scope.environment().id(), scope.path())
                    .orElseThrow(() -> notFound(key, scope));
            SecretRow cur = SecretStore.personalByKeyForUpdate(tx, folder.id(), key, actor.id())
                    .orElseThrow(() -> notFound(key, scope));
            Commit commit = SecretWrites.begin(tx, scope, actor, now, "delete personal", 1);
            Secret out = SecretWrites.withTags(tx, codec.decrypt(tx, scope, scope.path(), cur));
            SecretStore.delete(tx, cur, now, commit);
            return out;
        });
    }

    /**
     * The listing with the person's overrides beside the shared secret they override (BESIDE, v3) or
     * instead of it (REPLACE); an override whose shared secret is not listed is left out.
     */
    static List<Secret> merge(List<Secret> shared, List<Secret> personal, SecretService.Overrides how) {
        if (personal.isEmpty()) return shared;
        Map<String, Secret> mine = new HashMap<>();
        for (Secret p : personal) mine.put(p.path() + "\0" + p.key(), p);
        List<Secret> out = new ArrayList<>(shared.size() + personal.size());
        for (Secret s : shared) {
            Secret p = mine.get(s.path() + "\0" + s.key());
            if (p == null) out.add(s);
            else if (how == SecretService.Overrides.REPLACE) out.add(p);
            else {
                out.add(s);
                out.add(p);
            }
        }
        return out;
    }

    /** 400 unless the actor is a person: overrides belong to users. */
    static void requirePerson(Actor actor) {
        if (actor.kind() != Actor.Kind.USER) {
            throw new ApiException.BadRequest("Personal secrets belong to users; " + actor.describe() + " is a "
                    + actor.kind().label() + " and can only use shared secrets (type 'shared').");
        }
    }

    static ApiException notFound(String key, ProjectService.Scope scope) {
        return new ApiException.NotFound("You have no personal override of '" + key + "' at path '" + scope.path()
                + "' in environment '" + scope.environment().slug() + "'.");
    }

    /** The scope, with reading the shared secret (with its tags) required, and the input's tags checked too. */
    private ProjectService.Scope authorized(Actor actor, SecretService.Location loc, SecretInput in) {
        ProjectService.Scope scope =
                projects.scope(actor, loc.project(), loc.environment(), loc.path(), Action.READ, Subject.SECRETS);
        SecretInput.validKey(in.key(), "secretKey");
        List<String> current = writes.currentTags(scope, List.of(in.key())).getOrDefault(in.key(), List.of());
        authorizer.require(actor, Action.READ, SecretWrites.secretAt(scope, in.key(), current));
        if (in.tagIds() != null) {
            Map<String, Tag> tags = db.read(tx -> SecretWrites.resolveTags(tx, scope, List.of(in)));
            authorizer.require(
                    actor,
                    Action.READ,
                    SecretWrites.secretAt(scope, in.key(), SecretWrites.slugs(tags, in.tagIds(), current)));
        }
        return scope;
    }

    /** The folder of the shared secret {@code key} overrides; 400 when there is no such shared secret. */
    private static Folder shared(Tx tx, ProjectService.Scope scope, String key) {
        return FolderStore.resolve(tx, scope.environment().id(), scope.path())
                .filter(f -> SecretStore.byKeyForUpdate(tx, f.id(), key).isPresent())
                .orElseThrow(() -> new ApiException.BadRequest("A personal override needs a shared secret of the same "
                        + "name at the same place: there is no shared secret '" + key + "' at path '" + scope.path()
                        + "' in environment '" + scope.environment().slug() + "'. Create the shared secret first."));
    }

    private static ApiException renameRefused() {
        return new ApiException.BadRequest("A personal override cannot be renamed: it overrides the shared secret "
                + "of its name. Delete it and override the other secret instead.");
    }
}
