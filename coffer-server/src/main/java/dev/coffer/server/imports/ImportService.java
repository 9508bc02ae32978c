package dev.coffer.server.imports;

import dev.coffer.server.access.Action;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Subject;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.projects.Environment;
import dev.coffer.server.projects.FolderStore;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Ids;
import dev.coffer.server.store.Tx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Managing a folder's secret imports (subject {@code secret-imports} at the folder's place): add one
 * (the imported place must be readable by the one adding it, and be another folder of the same
 * project), list, move to another position, point elsewhere, remove. Positions stay 1..n without gaps.
 * Reading through imports is {@code secrets/Imports}.
 */
public final class ImportService {

    /** An import as shown: its row and the environment it imports from. */
    public record Shown(ImportStore.Row row, Environment importEnv) {}

    /** Where a request points: project, environment and folder path. */
    public record Place(String project, String environment, String path) {}

    static final int MAX_IMPORTS = 50;

    private final Database db;
    private final ProjectService projects;
    private final Clock clock;

    public ImportService(Database db, ProjectService projects, Clock clock) {
        this.db = db;
        this.projects = projects;
        this.clock = clock;
    }

    public Shown create(Actor actor, Place at, String importEnv, String importPath) {
        ProjectService.Scope scope = scope(actor, at, Action.CREATE);
        ProjectService.Scope source = source(actor, scope, importEnv, importPath);
        long now = clock.millis();
        ImportStore.Row row = db.write(tx -> {
            var folder = FolderStore.require(tx, scope.environment(), scope.path());
            ImportStore.lockFolder(tx, folder.id());
            List<ImportStore.Row> existing = ImportStore.ofFolder(tx, folder.id());
            for (ImportStore.Row r : existing) {
                if (r.importEnvId().equals(source.environment().id())
                        && r.importPath().equals(source.path().toString())) {
                    throw new ApiException.BadRequest("Folder '" + scope.path() + "' of "
                            + scope.environment().slug() + " already imports "
                            + source.environment().slug() + ":" + source.path() + ".");
                }
            }
            if (existing.size() >= MAX_IMPORTS) {
                throw new ApiException.BadRequest("A folder holds at most " + MAX_IMPORTS + " imports.");
            }
            ImportStore.Row r = new ImportStore.Row(
                    Ids.newId(),
                    folder.id(),
                    source.environment().id(),
                    source.path().toString(),
                    existing.size() + 1,
                    now,
                    now);
            ImportStore.insert(tx, r);
            changed(tx, scope, folder.id());
            return r;
        });
        return new Shown(row, source.environment());
    }

    public List<Shown> list(Actor actor, Place at) {
        ProjectService.Scope scope = scope(actor, at, Action.READ);
        List<Environment> envs = projects.environments(scope.project().id());
        return db.read(tx -> FolderStore.resolve(tx, scope.environment().id(), scope.path())
                .map(f -> ImportStore.ofFolder(tx, f.id()))
                .orElse(List.of())
                .stream()
                .map(r -> new Shown(r, env(envs, r.importEnvId())))
                .toList());
    }

    /** Moves the import to {@code position} (1-based) and/or points it at another place. */
    public Shown update(Actor actor, String id, Place at, String importEnv, String importPath, Long position) {
        ProjectService.Scope scope = scope(actor, at, Action.EDIT);
        ProjectService.Scope source =
                importEnv == null && importPath == null ? null : source(actor, scope, importEnv, importPath);
        long now = clock.millis();
        ImportStore.Row row = db.write(tx -> {
            ImportStore.Row cur = found(tx, scope, id);
            ImportStore.lockFolder(tx, cur.folderId());
            List<ImportStore.Row> order = new ArrayList<>(ImportStore.ofFolder(tx, cur.folderId()));
            order.removeIf(r -> r.id().equals(cur.id()));
            ImportStore.Row moved = source == null
                    ? cur
                    : new ImportStore.Row(
                            cur.id(),
                            cur.folderId(),
                            source.environment().id(),
                            source.path().toString(),
                            cur.position(),
                            cur.createdAt(),
                            now);
            for (ImportStore.Row r : order) {
                if (r.importEnvId().equals(moved.importEnvId())
                        && r.importPath().equals(moved.importPath())) {
                    throw new ApiException.BadRequest("The folder already imports that place.");
                }
            }
            int at1 = position == null ? cur.position() : (int) Math.max(1, Math.min(position, order.size() + 1));
            order.add(at1 - 1, moved);
            for (int i = 0; i < order.size(); i++) {
                ImportStore.Row r = order.get(i);
                ImportStore.Row renumbered = new ImportStore.Row(
                        r.id(),
                        r.folderId(),
                        r.importEnvId(),
                        r.importPath(),
                        i + 1,
                        r.createdAt(),
                        r.id().equals(cur.id()) ? now : r.updatedAt());
                if (renumbered.position() != r.position() || r == moved) ImportStore.update(tx, renumbered);
            }
            changed(tx, scope, cur.folderId());
            return ImportStore.byId(tx, cur.id()).orElseThrow();
        });
        return new Shown(row, env(projects.environments(scope.project().id()), row.importEnvId()));
    }

    public Shown delete(Actor actor, String id, Place at) {
        ProjectService.Scope scope = scope(actor, at, Action.DELETE);
        ImportStore.Row row = db.write(tx -> {
            ImportStore.Row cur = found(tx, scope, id);
            ImportStore.lockFolder(tx, cur.folderId());
            ImportStore.delete(tx, cur.id());
            int n = 1;
            for (ImportStore.Row r : ImportStore.ofFolder(tx, cur.folderId())) {
                if (r.position() != n) {
                    ImportStore.update(
                            tx,
                            new ImportStore.Row(
                                    r.id(),
                                    r.folderId(),
                                    r.importEnvId(),
                                    r.importPath(),
                                    n,
                                    r.createdAt(),
                                    r.updatedAt()));
                }
                n++;
            }
            changed(tx, scope, cur.folderId());
            return cur;
        });
        return new Shown(row, env(projects.environments(scope.project().id()), row.importEnvId()));
    }

    /** Subscribers to the folder's change events hear that what it imports changed, once this commits. */
    private static void changed(Tx tx, ProjectService.Scope scope, String folderId) {
        tx.invalidate(
                Invalidator.Topic.IMPORTS,
                scope.project().id() + "|" + scope.environment().id() + "|" + folderId);
    }

    private ProjectService.Scope scope(Actor actor, Place at, Action action) {
        return projects.scope(
                actor,
                at.project(),
                at.environment(),
                at.path() == null ? "/" : at.path(),
                action,
                Subject.SECRET_IMPORTS);
    }

    /**
     * The imported place, which the actor must be able to read, in the same project and not the importing
     * folder itself. (A missing folder is allowed: an import of a place made later simply lists nothing.)
     */
    private ProjectService.Scope source(Actor actor, ProjectService.Scope scope, String env, String path) {
        if (env == null || env.isBlank()) {
            throw new ApiException.Validation("import.environment", "'import.environment' is required.");
        }
        // (a service token never gets here: its policy covers secrets and folders, not secret-imports, so the
        // place it may be pinned to never stands in for the source it names)
        ProjectService.Scope source = projects.scope(
                actor, scope.project().id(), env, path == null ? "/" : path, Action.READ, Subject.SECRETS);
        if (source.environment().id().equals(scope.environment().id())
                && source.path().equals(scope.path())) {
            throw new ApiException.BadRequest("A folder cannot import itself.");
        }
        return source;
    }

    private static ImportStore.Row found(dev.coffer.server.store.Tx tx, ProjectService.Scope scope, String id) {
        ImportStore.Row r = Ids.isUuid(id) ? ImportStore.byId(tx, id).orElse(null) : null;
        var folder = FolderStore.resolve(tx, scope.environment().id(), scope.path());
        if (r == null || folder.isEmpty() || !r.folderId().equals(folder.get().id())) {
            throw new ApiException.NotFound("Secret import with id '" + (id.length() > 64 ? id.substring(0, 64) : id)
                    + "' not found in folder '" + scope.path() + "' of "
                    + scope.environment().slug() + ".");
        }
        return r;
    }

    private static Environment env(List<Environment> envs, String id) {
        return envs.stream()
                .filter(e -> e.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("environment of an import is gone"));
    }
}
