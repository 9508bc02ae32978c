package dev.coffer.server.projects;

import dev.coffer.server.access.Action;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Resource;
import dev.coffer.server.access.Subject;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.history.Commit;
import dev.coffer.server.store.Ids;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Folders inside an environment: create (with missing parents), list, get, rename, delete. */
public final class FolderService {

    /** A folder with its full path (and, in recursive listings, its path relative to the listed folder). */
    public record Located(Folder folder, SecretPath path, String relativePath) {}

    /** A folder found by id, with its environment and project. */
    public record Found(Folder folder, SecretPath path, Environment environment, Project project) {
        Resource resource() {
            return Resource.at(Subject.FOLDERS, project.ref(), environment.slug(), path.toString());
        }
    }

    private final ProjectService projects;

    public FolderService(ProjectService projects) {
        this.projects = projects;
    }

    public Located create(
            Actor actor, String projectId, String envSlug, String parentPath, String name, String description) {
        String n = SecretPath.folderName(name);
        ProjectService.Scope scope =
                projects.scope(actor, projectId, envSlug, parentPath, Action.CREATE, Subject.FOLDERS);
        SecretPath parent = scope.path();
        if (parent.segments().size() >= SecretPath.MAX_DEPTH) {
            // a folder below that could never be named by a path again
            throw new ApiException.BadRequest("Cannot create folder '" + n + "' in '" + parent
                    + "': folders nest at most " + SecretPath.MAX_DEPTH + " deep.");
        }
        long now = projects.clock().millis();
        Folder created = projects.db().write(tx -> {
            Commit commit = Commit.begin(
                    tx, scope.project().id(), scope.environment().id(), actor, now, "create folder " + parent.child(n));
            Folder p = FolderStore.ensure(tx, scope.environment().id(), parent, now, commit);
            var existing = FolderStore.child(tx, p.id(), n);
            if (existing.isPresent()) return existing.get(); // "ensure": scripts create folders that may exist
            Folder f = new Folder(Ids.newId(), scope.environment().id(), p.id(), n, description, 1, now, now);
            FolderStore.created(tx, f, commit);
            return f;
        });
        return new Located(created, parent.child(n), null);
    }

    /** The folders below {@code path} (all levels when {@code recursive}) that the actor may see. */
    public List<Located> list(Actor actor, String projectId, String envSlug, String path, boolean recursive) {
        ProjectService.Scope scope = projects.scope(actor, projectId, envSlug, path, Action.READ, Subject.FOLDERS);
        SecretPath base = scope.path();
        List<Folder> all =
                projects.db().read(tx -> FolderStore.all(tx, scope.environment().id()));
        Map<String, SecretPath> paths = FolderStore.paths(all);
        List<Located> out = new ArrayList<>();
        for (Folder f : all) {
            SecretPath p = paths.get(f.id());
            if (f.parentId() == null || !p.within(base) || p.equals(base)) continue;
            int depth = p.segments().size() - base.segments().size();
            if (!recursive && depth != 1) continue;
            String rel = "/"
                    + String.join(
                            "/",
                            p.segments()
                                    .subList(
                                            base.segments().size(), p.segments().size()));
            out.add(new Located(f, p, recursive ? rel : null));
        }
        out.sort(Comparator.comparingInt((Located l) -> l.path().segments().size())
                .thenComparing(l -> l.path().toString()));
        return projects.authorizer()
                .filter(
                        actor,
                        Action.READ,
                        scope.resource(Subject.FOLDERS),
                        out,
                        l -> Resource.at(
                                Subject.FOLDERS,
                                scope.project().ref(),
                                scope.environment().slug(),
                                l.path().toString()));
    }

    public Found get(Actor actor, String folderId) {
        Found found = byId(folderId);
        projects.authorizer().require(actor, Action.READ, found.resource());
        return found;
    }

    public Located rename(Actor actor, String folderId, String projectId, String name, String description) {
        Found found = byId(folderId);
        if (projectId != null
                && !projectId.equals(found.project().id())
                && !projectId.equals(found.project().slug())) {
            throw notFound(folderId);
        }
        projects.authorizer().require(actor, Action.EDIT, found.resource());
        if (found.folder().parentId() == null) throw new ApiException.BadRequest("The root folder cannot be renamed.");
        String n = SecretPath.folderName(name);
        Folder f = found.folder();
        Folder renamed = new Folder(
                f.id(),
                f.envId(),
                f.parentId(),
                n,
                description == null ? f.description() : description,
                f.version() + 1,
                f.createdAt(),
                projects.clock().millis());
        projects.db().write(tx -> {
            if (!n.equals(f.name()) && FolderStore.child(tx, f.parentId(), n).isPresent()) {
                throw new ApiException.BadRequest(
                        "Folder with name '" + n + "' already exists next to '" + f.name() + "'.");
            }
            Commit commit = Commit.begin(
                    tx,
                    found.project().id(),
                    found.environment().id(),
                    actor,
                    renamed.updatedAt(),
                    "rename folder " + found.path() + " to " + n);
            FolderStore.rename(tx, renamed, commit);
            return null;
        });
        List<String> segs = new ArrayList<>(found.path().segments());
        segs.set(segs.size() - 1, n);
        return new Located(renamed, new SecretPath(segs), null);
    }

    /** Deletes a folder (by id, or by name under {@code path}) with everything in it. */
    public Folder delete(Actor actor, String projectId, String envSlug, String path, String idOrName) {
        // a name that no folder can have is a bad request (and never reaches SQL: PostgreSQL rejects NUL bytes)
        boolean byId = Ids.isUuid(idOrName);
        if (!byId) SecretPath.folderName(idOrName);
        ProjectService.Scope scope = projects.scope(actor, projectId, envSlug, path, Action.READ, Subject.FOLDERS);
        SecretPath target = scope.path();
        if (byId) {
            Found found = byId(idOrName);
            if (!found.environment().id().equals(scope.environment().id())) throw notFound(idOrName);
            target = found.path();
        } else {
            target = target.child(idOrName);
        }
        projects.authorizer()
                .require(
                        actor,
                        Action.DELETE,
                        Resource.at(
                                Subject.FOLDERS,
                                scope.project().ref(),
                                scope.environment().slug(),
                                target.toString()));
        SecretPath where = target;
        long now = projects.clock().millis();
        return projects.db().write(tx -> {
            Folder f = FolderStore.resolve(tx, scope.environment().id(), where)
                    .filter(found -> !byId || found.id().equals(idOrName))
                    .orElseThrow(() -> notFound(idOrName));
            if (f.parentId() == null) throw new ApiException.BadRequest("The root folder cannot be deleted.");
            Commit commit = Commit.begin(
                    tx, scope.project().id(), scope.environment().id(), actor, now, "delete folder " + where);
            FolderStore.delete(tx, f, now, commit);
            return f;
        });
    }

    private Found byId(String folderId) {
        if (!Ids.isUuid(folderId)) throw notFound(folderId);
        return projects.db().read(tx -> {
            Folder f = FolderStore.byId(tx, folderId).orElseThrow(() -> notFound(folderId));
            Environment env = ProjectStore.environment(tx, f.envId()).orElseThrow(() -> notFound(folderId));
            Project p = ProjectStore.byId(tx, env.projectId()).orElseThrow(() -> notFound(folderId));
            return new Found(f, FolderStore.paths(tx, env.id()).get(f.id()), env, p);
        });
    }

    private static ApiException notFound(String idOrName) {
        return new ApiException.NotFound("Folder '" + ProjectService.abbreviate(idOrName) + "' not found.");
    }
}
