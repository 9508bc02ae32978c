package dev.coffer.server.secrets;

import dev.coffer.server.access.Action;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Authorizer;
import dev.coffer.server.access.Policy;
import dev.coffer.server.access.Resource;
import dev.coffer.server.access.Subject;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.projects.Environment;
import dev.coffer.server.projects.FolderStore;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.projects.SecretPath;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Tx;
import dev.coffer.server.tags.Tag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reading secrets. Authorization first (through the project scope, then per secret: a listing shows
 * what reading each one would allow); what is stored comes from {@link FolderReads} (the folder cache,
 * or the database where values and comments are decrypted through the barrier in the read's own unit
 * of work). Writes are {@link SecretWrites}.
 */
public final class SecretService {

    /** Where a request points: project (id or slug), environment slug and folder path. */
    public record Location(String project, String environment, String path) {}

    /** How a person's overrides show in a listing: not at all, beside their shared secret (v3), or instead of it. */
    public enum Overrides {
        NONE,
        BESIDE,
        REPLACE
    }

    /**
     * What a listing shows: recursively or not, references expanded or not, only secrets carrying one
     * of {@code tagSlugs} (when any), only those whose metadata matches every {@code metadataFilter}
     * entry, and a person's overrides as {@code overrides} says.
     */
    public record ListOptions(
            boolean recursive,
            boolean expand,
            List<String> tagSlugs,
            List<Metadata.Entry> metadataFilter,
            Overrides overrides) {

        public ListOptions {
            tagSlugs = tagSlugs == null ? List.of() : List.copyOf(tagSlugs);
            metadataFilter = metadataFilter == null ? List.of() : List.copyOf(metadataFilter);
        }
    }

    private final Database db;
    private final ProjectService projects;
    private final Authorizer authorizer;
    private final SecretCodec codec;
    private final FolderReads stored;

    SecretService(Database db, ProjectService projects, Authorizer authorizer, SecretCodec codec, FolderCache cache) {
        this.db = db;
        this.projects = projects;
        this.authorizer = authorizer;
        this.codec = codec;
        this.stored = new FolderReads(db, codec, cache);
    }

    /**
     * The secrets at a location (and below it when {@code recursive}) that the actor may read, sorted by
     * path and name. With {@code expand}, references in values are replaced; each referenced place
     * needs read access.
     */
    public List<Secret> list(Actor actor, Location loc, boolean recursive, boolean expand) {
        return list(actor, loc, new ListOptions(recursive, expand, List.of(), List.of(), Overrides.NONE));
    }

    /** The secrets at a location as {@code opts} asks (see {@link ListOptions}), that the actor may read. */
    public List<Secret> list(Actor actor, Location loc, ListOptions opts) {
        return list(actor, readScope(actor, loc), opts);
    }

    /** {@link #list(Actor, Location, ListOptions)} in a scope {@link #readScope} returned for the actor. */
    List<Secret> list(Actor actor, ProjectService.Scope scope, ListOptions opts) {
        Resource place = scope.resource(Subject.SECRETS);
        List<Secret> all = stored.in(scope, scope.path(), opts.recursive());
        if (opts.overrides() != Overrides.NONE && actor.kind() == Actor.Kind.USER) {
            all = PersonalOverrides.merge(all, personalIn(actor, scope, opts.recursive()), opts.overrides());
        }
        List<Secret> wanted = opts.tagSlugs().isEmpty() && opts.metadataFilter().isEmpty()
                ? all
                : all.stream()
                        .filter(s -> opts.tagSlugs().isEmpty()
                                || s.tagSlugs().stream().anyMatch(opts.tagSlugs()::contains))
                        .filter(s -> Metadata.matches(s.metadata(), opts.metadataFilter()))
                        .toList();
        List<Secret> secrets = authorizer.filter(
                actor,
                Action.READ,
                place,
                wanted,
                s -> place.at(scope.environment().slug(), s.path().toString()).secret(s.key(), s.tagSlugs()));
        return hideUnreadable(actor, place, opts.expand() ? expandAll(actor, scope, secrets) : secrets);
    }

    /** The actor's overrides at the scope's folder (and below it when {@code recursive}), with their tags. */
    private List<Secret> personalIn(Actor actor, ProjectService.Scope scope, boolean recursive) {
        return db.read(tx -> {
            List<Secret> out = new ArrayList<>();
            if (!recursive) {
                var folder = FolderStore.resolve(tx, scope.environment().id(), scope.path());
                if (folder.isEmpty()) return out;
                for (SecretRow r : SecretStore.personalInFolder(tx, folder.get().id(), actor.id()))
                    out.add(codec.decrypt(tx, scope, scope.path(), r));
            } else {
                Map<String, SecretPath> paths =
                        FolderStore.paths(tx, scope.environment().id());
                for (SecretRow r : SecretStore.personalInEnvironment(
                        tx, scope.environment().id(), actor.id())) {
                    SecretPath p = paths.get(r.folderId());
                    if (p != null && p.within(scope.path())) out.add(codec.decrypt(tx, scope, p, r));
                }
            }
            return withTags(tx, out);
        });
    }

    /** The secrets with the tags each carries, read in the caller's unit of work. */
    static List<Secret> withTags(Tx tx, List<Secret> secrets) {
        if (secrets.isEmpty()) return secrets;
        return withTags(
                secrets, SecretTagStore.of(tx, secrets.stream().map(Secret::id).toList()));
    }

    /** The secrets with the tags of {@code tags} (by secret id). */
    static List<Secret> withTags(List<Secret> secrets, Map<String, List<Tag>> tags) {
        if (tags.isEmpty()) return secrets;
        return secrets.stream()
                .map(s -> tags.containsKey(s.id()) ? s.withTags(tags.get(s.id())) : s)
                .toList();
    }

    /**
     * The secrets with the value of each one the actor may describe but not read replaced by
     * {@link SecretValue#HIDDEN}. When its role reads every value, nothing is checked one by one.
     */
    private List<Secret> hideUnreadable(Actor actor, Resource place, List<Secret> secrets) {
        if (secrets.isEmpty()) return secrets;
        List<Secret> readable = authorizer.filter(
                actor,
                Action.READ_VALUE,
                place,
                secrets,
                s -> place.at(s.environment(), s.path().toString()).secret(s.key(), s.tagSlugs()));
        if (readable.size() == secrets.size()) return secrets;
        java.util.Set<Secret> shown = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        shown.addAll(readable);
        return secrets.stream()
                .map(s -> shown.contains(s) ? s : s.withValue(SecretValue.HIDDEN))
                .toList();
    }

    /** The secrets of one imported folder that the actor may read, with where they come from. */
    public record ImportedFolder(String environment, SecretPath path, String folderId, List<Secret> secrets) {}

    /**
     * The secrets the folder at a location imports, folder by folder in the order they count (a later
     * one beats an earlier one; the folder's own secrets beat them all). Read permission is checked on
     * each imported secret, and references inside an imported value resolve relative to its own folder.
     */
    public List<ImportedFolder> imports(Actor actor, Location loc, boolean expand) {
        return imports(actor, readScope(actor, loc), expand);
    }

    /** {@link #imports(Actor, Location, boolean)} in a scope {@link #readScope} returned for the actor. */
    List<ImportedFolder> imports(Actor actor, ProjectService.Scope scope, boolean expand) {
        List<Environment> envs = projects.environments(scope.project().id());
        // the imported folders and their secrets, read in one unit of work (each folder found once)
        record Read(Imports.Source source, List<Secret> secrets) {}
        List<Read> reads = db.read(tx -> {
            List<Read> all = new ArrayList<>();
            var folder = FolderStore.resolve(tx, scope.environment().id(), scope.path());
            if (folder.isEmpty()) return all;
            for (Imports.Source src : Imports.of(tx, envs, folder.get())) {
                ProjectService.Scope at = new ProjectService.Scope(scope.project(), src.environment(), src.path());
                List<Secret> secrets = new ArrayList<>();
                for (SecretRow r : SecretStore.inFolder(tx, src.folder().id())) {
                    secrets.add(codec.decrypt(tx, at, src.path(), r));
                }
                all.add(new Read(src, withTags(tx, secrets)));
            }
            return all;
        });
        List<ImportedFolder> out = new ArrayList<>(reads.size());
        for (Read read : reads) {
            Imports.Source src = read.source();
            ProjectService.Scope at = new ProjectService.Scope(scope.project(), src.environment(), src.path());
            Resource place = at.resource(Subject.SECRETS);
            List<Secret> readable = authorizer.filter(
                    actor, Action.READ, place, read.secrets(), s -> place.secret(s.key(), s.tagSlugs()));
            out.add(new ImportedFolder(
                    src.environment().slug(),
                    src.path(),
                    src.folder().id(),
                    hideUnreadable(actor, place, expand ? expandAll(actor, at, readable) : readable)));
        }
        return out;
    }

    /**
     * One secret, looked for in the folder's imports when the folder has none of that name: the last
     * import that holds it wins.
     */
    public Secret getThroughImports(Actor actor, Location loc, String key, boolean expand) {
        try {
            return get(actor, loc, key, null, expand);
        } catch (ApiException.NotFound e) {
            List<ImportedFolder> imported = imports(actor, loc, expand);
            for (int i = imported.size() - 1; i >= 0; i--) {
                for (Secret s : imported.get(i).secrets()) if (s.key().equals(key)) return s;
            }
            throw e;
        }
    }

    /** One secret, at its current or an earlier {@code version}; references expanded when asked. */
    public Secret get(Actor actor, Location loc, String key, Long version, boolean expand) {
        return get(actor, loc, key, version, expand, false);
    }

    /**
     * One secret, or with {@code personal} the actor's override of it; the secret's tags are known before
     * its permission is decided (a missing one is 404 only to those who could read it).
     */
    public Secret get(Actor actor, Location loc, String key, Long version, boolean expand, boolean personal) {
        ProjectService.Scope scope = scope(actor, loc, Action.READ);
        if (personal) PersonalOverrides.requirePerson(actor);
        Optional<Secret> found = stored.one(scope, key, version, personal ? actor.id() : null);
        Resource place = scope.resource(Subject.SECRETS);
        authorizer.require(
                actor,
                Action.READ,
                place.secret(key, found.map(Secret::tagSlugs).orElse(List.of())));
        if (found.isEmpty()) throw personal ? PersonalOverrides.notFound(key, scope) : notFound(key, scope);
        if (found.get().id() == null) {
            throw new ApiException.NotFound("Secret '" + key + "' has no version " + version + ".");
        }
        Secret secret = found.get();
        return hideUnreadable(
                        actor,
                        scope.resource(Subject.SECRETS),
                        expand ? expandAll(actor, scope, List.of(secret)) : List.of(secret))
                .getFirst();
    }

    private List<Secret> expandAll(Actor actor, ProjectService.Scope scope, List<Secret> secrets) {
        if (secrets.stream().noneMatch(s -> References.mayContain(s.value().reveal()))) return secrets;
        // one expander for the whole request: each referenced secret is read and expanded once, within one budget
        Map<List<String>, Map<String, String>> folders = new HashMap<>();
        References references = new References((env, path, key) -> Optional.ofNullable(
                folders.computeIfAbsent(List.of(env, path.toString()), k -> rawValues(actor, scope, env, path))
                        .get(key)));
        List<Secret> out = new ArrayList<>(secrets.size());
        for (Secret s : secrets) {
            String v = s.value().reveal();
            out.add(
                    References.mayContain(v)
                            ? s.withValue(new SecretValue(references.expand(v, s.environment(), s.path(), s.key())))
                            : s);
        }
        return out;
    }

    /** Raw values of one folder that the actor may read, for reference expansion; a missing place has none. */
    private Map<String, String> rawValues(Actor actor, ProjectService.Scope origin, String env, SecretPath path) {
        ProjectService.Scope scope;
        try {
            scope = projects.scope(actor, origin.project().id(), env, path.toString(), Action.READ, Subject.SECRETS);
        } catch (ApiException.NotFound e) {
            return Map.of();
        }
        Map<String, String> values = new HashMap<>();
        for (Secret s : stored.in(scope, path, false)) {
            if (authorizer.allows(
                    actor, Action.READ_VALUE, scope.resource(Subject.SECRETS).secret(s.key(), s.tagSlugs()))) {
                values.put(s.key(), s.value().reveal());
            }
        }
        return values;
    }

    /** 404 for a project of another organization, 403 for one the actor is no member of. */
    void requireProject(Actor actor, String project) {
        if (project == null || project.isBlank()) {
            throw new ApiException.Validation("projectId", "'projectId' (or 'workspaceId') is required.");
        }
        authorizer.policyIn(actor, projects.find(project).ref());
    }

    /** The place a read points at, once the actor may read secrets there (403/404 otherwise). */
    ProjectService.Scope readScope(Actor actor, Location loc) {
        return scope(actor, loc, Action.READ);
    }

    /** The actor's policy in the scope's project as the Authorizer decides with it now. */
    Policy policy(Actor actor, ProjectService.Scope scope) {
        return authorizer.policyIn(actor, scope.project().ref());
    }

    /** Notes the secrets a kept listing shows in the request's audit scope, as deciding them again would. */
    void listed(ProjectService.Scope scope, List<String> names) {
        authorizer.listed(scope.resource(Subject.SECRETS), names);
    }

    private ProjectService.Scope scope(Actor actor, Location loc, Action action) {
        return projects.scope(actor, loc.project(), loc.environment(), loc.path(), action, Subject.SECRETS);
    }

    static ApiException notFound(String key, ProjectService.Scope scope) {
        return new ApiException.NotFound("Secret with name '" + key + "' not found at path '" + scope.path()
                + "' in environment '" + scope.environment().slug() + "'.");
    }
}
