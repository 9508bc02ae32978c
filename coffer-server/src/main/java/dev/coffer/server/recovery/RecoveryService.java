package dev.coffer.server.recovery;

import dev.coffer.server.access.Action;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Authorizer;
import dev.coffer.server.access.Resource;
import dev.coffer.server.access.Subject;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.history.Commit;
import dev.coffer.server.history.CommitStore;
import dev.coffer.server.projects.Environment;
import dev.coffer.server.projects.Folder;
import dev.coffer.server.projects.FolderStore;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.projects.SecretPath;
import dev.coffer.server.secrets.HistoricPaths;
import dev.coffer.server.secrets.SecretService;
import dev.coffer.server.secrets.SecretStates;
import dev.coffer.server.secrets.SecretStates.State;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Ids;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Point-in-time recovery: a folder's commits, what one commit changed, and rolling a folder (with
 * everything below it) or a whole environment back to its state after a commit or at a time, in one
 * unit of work recorded as a new commit.
 *
 * <p>A rollback needs, for each change it makes, the permission that change needs on its own: editing a
 * secret it changes, creating one it adds, deleting one it removes, creating or deleting a folder. It
 * is planned and authorized first, then planned again inside the writing unit of work (which holds the
 * environment's commit lock); a plan that changed in between is a 409, never an unauthorized change.
 */
public final class RecoveryService {

    /** A commit with the environment it belongs to. */
    public record Found(CommitStore.Row commit, Environment environment) {}

    /** A commit's changes. */
    public record Diff(Found commit, List<Change> changes) {}

    /** The outcome of a rollback: the commit it went back to (null: before any), the changes, the new commit. */
    public record Result(CommitStore.Row target, long targetSeq, List<Change> changes, CommitStore.Row made) {}

    private final Database db;
    private final ProjectService projects;
    private final Authorizer authorizer;
    private final SecretStates states;
    private final Clock clock;

    public RecoveryService(
            Database db, ProjectService projects, Authorizer authorizer, SecretStates states, Clock clock) {
        this.db = db;
        this.projects = projects;
        this.authorizer = authorizer;
        this.states = states;
        this.clock = clock;
    }

    /** The commits that changed the folder at {@code loc} (or anything below it, when {@code recursive}), newest first. */
    public List<CommitStore.Row> commits(
            Actor actor, SecretService.Location loc, boolean recursive, int offset, int limit) {
        ProjectService.Scope scope = scope(actor, loc, Action.READ);
        if (offset < 0 || limit < 1 || limit > 1000) {
            throw new ApiException.BadRequest("'offset' must be 0 or more and 'limit' from 1 to 1000.");
        }
        return db.read(tx -> {
            String envId = scope.environment().id();
            List<String> ids = new ArrayList<>();
            for (var e : FolderStore.paths(tx, envId).entrySet()) {
                SecretPath p = e.getValue();
                if (recursive ? p.within(scope.path()) : p.equals(scope.path())) ids.add(e.getKey());
            }
            return CommitStore.ofFolders(tx, envId, ids, offset, limit);
        });
    }

    /** What a commit changed that the actor may see; values only when asked for and readable. */
    public Diff diff(Actor actor, String commitId, boolean withValues) {
        Found found = find(commitId);
        authorizer.policyIn(actor, projects.find(found.commit().projectId()).ref()); // members only, before reading
        long seq = found.commit().seq();
        String envId = found.environment().id();
        // names are authorized where the commit changed them: the scope is their common folder
        record Raw(List<Change> changes, SecretPath common) {}
        ProjectService.Scope rootScope = new ProjectService.Scope(
                projects.find(found.commit().projectId()), found.environment(), SecretPath.ROOT);
        Raw raw = db.read(tx -> {
            String rootId = FolderStore.resolve(tx, envId, SecretPath.ROOT)
                    .orElseThrow()
                    .id();
            Map<String, SecretPath> paths = HistoricPaths.of(CommitStore.foldersAt(tx, envId, seq), rootId, true);
            List<Change> out = new ArrayList<>();
            for (SecretStates.Step s : states.steps(tx, rootScope, seq, paths)) out.add(change(s));
            for (CommitStore.FolderVersion v : CommitStore.foldersOf(tx, envId, seq)) {
                SecretPath p = paths.getOrDefault(v.folderId(), SecretPath.ROOT);
                boolean existed = CommitStore.folderAt(tx, v.folderId(), seq - 1)
                        .filter(b -> !b.deleted())
                        .isPresent();
                String kind = v.deleted() ? Change.FOLDER_REMOVED : existed ? "folder-renamed" : Change.FOLDER_ADDED;
                out.add(Change.of(kind, p.toString(), null));
            }
            SecretPath common = null;
            for (Change c : out) common = common(common, SecretPath.parse(c.path()));
            return new Raw(out, common == null ? SecretPath.ROOT : common);
        });
        ProjectService.Scope scope = projects.scope(
                actor,
                found.commit().projectId(),
                found.environment().slug(),
                raw.common().toString(),
                Action.READ,
                Subject.SECRETS);
        List<Change> visible = new ArrayList<>();
        for (Change c : raw.changes()) {
            Resource r = resource(scope, c);
            if (!authorizer.allows(actor, Action.READ, r)) continue;
            boolean values = withValues && !c.isFolder() && authorizer.allows(actor, Action.READ_VALUE, r);
            visible.add(values ? c : new Change(c.kind(), c.path(), c.key(), c.previousKey(), null, null));
        }
        return new Diff(found, visible);
    }

    /**
     * Rolls the folder at {@code loc} (with everything below it; the environment when the path is /)
     * back to its state after {@code commitId}, or at {@code time} (epoch ms): after the last commit
     * made at or before it. With {@code dryRun}, only says what would change.
     */
    public Result rollback(
            Actor actor, SecretService.Location loc, String commitId, Long time, boolean dryRun, boolean withValues) {
        ProjectService.Scope scope = scope(actor, loc, Action.READ);
        if ((commitId == null) == (time == null)) {
            throw new ApiException.BadRequest("Give either 'commitId' or 'timestamp' (ISO-8601), not both or neither.");
        }
        String envId = scope.environment().id();
        CommitStore.Row target = commitId == null
                ? db.read(tx -> CommitStore.lastAtOrBefore(tx, envId, time)).orElse(null)
                : find(commitId).commit();
        if (target != null && !target.envId().equals(envId)) {
            throw new ApiException.BadRequest("Commit '" + commitId + "' belongs to another environment.");
        }
        long seq = target == null ? 0 : target.seq();
        RollbackPlan plan = db.read(tx -> planned(tx, scope, seq));
        for (Change c : plan.changes()) authorizer.require(actor, actionFor(c), resource(scope, c));
        if (dryRun || plan.changes().isEmpty())
            return new Result(target, seq, shown(actor, scope, plan, withValues), null);
        long now = clock.millis();
        CommitStore.Row made = db.write(tx -> {
            String what = target == null ? "before its first commit" : "commit " + target.id();
            Commit commit = Commit.begin(
                    tx, scope.project().id(), envId, actor, now, "roll back " + scope.path() + " to " + what);
            RollbackPlan again = planned(tx, scope, seq);
            if (!again.identities().equals(plan.identities())) {
                throw new ApiException.Conflict("The folder changed while the rollback was prepared; run it again.");
            }
            apply(tx, scope, again, commit, now);
            return CommitStore.byId(tx, commit.id()).orElse(null);
        });
        return new Result(target, seq, shown(actor, scope, plan, withValues), made);
    }

    private RollbackPlan planned(dev.coffer.server.store.Tx tx, ProjectService.Scope scope, long seq) {
        List<String> unknown = states.unknownAt(tx, scope, seq);
        if (!unknown.isEmpty()) {
            throw new ApiException.Conflict("The history of " + unknown.size() + " secret(s) (e.g. '"
                    + unknown.getFirst() + "') no longer reaches back that far: only the last versions of each "
                    + "secret are kept (COFFER_SECRET_VERSIONS_KEPT). Choose a later point.");
        }
        return RollbackPlan.make(tx, states, scope, seq);
    }

    private void apply(
            dev.coffer.server.store.Tx tx, ProjectService.Scope scope, RollbackPlan plan, Commit commit, long now) {
        String envId = scope.environment().id();
        for (State s : plan.removed()) states.remove(tx, s, commit, now);
        for (SecretPath p : plan.foldersRemoved()) {
            FolderStore.resolve(tx, envId, p).ifPresent(f -> FolderStore.delete(tx, f, now, commit));
        }
        for (SecretPath p : plan.foldersAdded()) FolderStore.ensure(tx, envId, p, now, commit);
        for (State[] pair : plan.changed()) states.change(tx, scope, pair[0], pair[1], commit, now);
        for (State s : plan.added()) {
            Folder f = FolderStore.ensure(tx, envId, s.path(), now, commit);
            states.put(tx, scope, f.id(), s, commit, now);
        }
    }

    private List<Change> shown(Actor actor, ProjectService.Scope scope, RollbackPlan plan, boolean withValues) {
        List<Change> out = new ArrayList<>();
        for (Change c : plan.changes()) {
            boolean values =
                    withValues && !c.isFolder() && authorizer.allows(actor, Action.READ_VALUE, resource(scope, c));
            out.add(values ? c : new Change(c.kind(), c.path(), c.key(), c.previousKey(), null, null));
        }
        return out;
    }

    private static Change change(SecretStates.Step s) {
        State a = s.after();
        State b = s.before() == null || s.before().deleted() ? null : s.before();
        String path = a.path().toString();
        if (a.deleted()) return new Change(Change.REMOVED, path, a.key(), null, b == null ? null : b.value(), null);
        if (b == null) return new Change(Change.ADDED, path, a.key(), null, null, a.value());
        String previous = b.key().equals(a.key()) ? null : b.key();
        return new Change(Change.CHANGED, path, a.key(), previous, b.value(), a.value());
    }

    private static Action actionFor(Change c) {
        return switch (c.kind()) {
            case Change.ADDED, Change.FOLDER_ADDED -> Action.CREATE;
            case Change.REMOVED, Change.FOLDER_REMOVED -> Action.DELETE;
            default -> Action.EDIT;
        };
    }

    private static Resource resource(ProjectService.Scope scope, Change c) {
        Resource place = Resource.at(
                c.isFolder() ? Subject.FOLDERS : Subject.SECRETS,
                scope.project().ref(),
                scope.environment().slug(),
                c.path());
        return c.isFolder() ? place : place.secret(c.key(), List.of());
    }

    private Found find(String commitId) {
        if (commitId == null || !Ids.isUuid(commitId)) throw notFound(commitId);
        CommitStore.Row row = db.read(tx -> CommitStore.byId(tx, commitId)).orElseThrow(() -> notFound(commitId));
        Environment env = projects.environments(row.projectId()).stream()
                .filter(e -> e.id().equals(row.envId()))
                .findFirst()
                .orElseThrow(() -> notFound(commitId));
        return new Found(row, env);
    }

    private ProjectService.Scope scope(Actor actor, SecretService.Location loc, Action action) {
        return projects.scope(actor, loc.project(), loc.environment(), loc.path(), action, Subject.SECRETS);
    }

    private static SecretPath common(SecretPath a, SecretPath b) {
        if (a == null) return b;
        int n = 0;
        while (n < a.segments().size()
                && n < b.segments().size()
                && a.segments().get(n).equals(b.segments().get(n))) n++;
        return new SecretPath(a.segments().subList(0, n));
    }

    private static ApiException notFound(String commitId) {
        String shown = commitId == null ? "" : commitId.length() > 80 ? commitId.substring(0, 80) + "…" : commitId;
        return new ApiException.NotFound("Commit '" + shown + "' not found.");
    }
}
