package dev.coffer.server.projects;

import dev.coffer.server.access.Action;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Subject;
import dev.coffer.server.http.ApiException;
import dev.coffer.server.store.Ids;
import dev.coffer.server.store.Jdbc;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Folders inside an environment: create (with missing parents), list, get, rename, delete. */
public final class FolderService {

    /** A folder with its full path (and, in recursive listings, its path relative to the listed folder). */
    public record Located(Folder folder, SecretPath path, String relativePath) {}

    /** A folder found by id, with its environment and project. */
    public record Found(Folder folder, SecretPath path, Environment environment, Project project) {}

    private final ProjectService projects;

    public FolderService(ProjectService projects) {
        this.projects = projects;
    }

    public Located create(Actor actor, String projectId, String envSlug, String parentPath, String name, String description) {
        ProjectService.Scope scope = projects.scope(actor, projectId, envSlug, Action.CREATE, Subject.FOLDERS);
        SecretPath parent = SecretPath.parse(parentPath);
        String n = SecretPath.folderName(name);
        long now = System.currentTimeMillis();
        Folder created = projects.db().write(c -> {
            Folder p = Folders.ensure(c, scope.environment().id(), parent, now);
            if (Jdbc.one(c, "SELECT 1 FROM folders WHERE parent_id = ? AND name = ?", rs -> 1, p.id(), n).isPresent()) {
                throw new ApiException.BadRequest("Folder with name '" + n + "' already exists in path '" + parent + "'.");
            }
            Folder f = new Folder(Ids.newId(), scope.environment().id(), p.id(), n, description, 1, now, now);
            Folders.insert(c, f);
            return f;
        });
        return new Located(created, parent.child(n), null);
    }

    public List<Located> list(Actor actor, String projectId, String envSlug, String path, boolean recursive) {
        ProjectService.Scope scope = projects.scope(actor, projectId, envSlug, Action.READ, Subject.FOLDERS);
        SecretPath base = SecretPath.parse(path);
        List<Folder> all = projects.db().read(c -> Folders.all(c, scope.environment().id()));
        Map<String, SecretPath> paths = Folders.paths(all);
        List<Located> out = new ArrayList<>();
        for (Folder f : all) {
            SecretPath p = paths.get(f.id());
            if (f.parentId() == null || !p.within(base) || p.equals(base)) continue;
            int depth = p.segments().size() - base.segments().size();
            if (!recursive && depth != 1) continue;
            String rel = "/" + String.join("/", p.segments().subList(base.segments().size(), p.segments().size()));
            out.add(new Located(f, p, recursive ? rel : null));
        }
        out.sort(Comparator.comparingInt((Located l) -> l.path().segments().size()).thenComparing(l -> l.path().toString()));
        return out;
    }

    public Found get(Actor actor, String folderId) {
        Found found = byId(folderId);
        projects.authorizer().require(actor, found.project().ref(), Action.READ, Subject.FOLDERS);
        return found;
    }

    public Located rename(Actor actor, String folderId, String projectId, String name, String description) {
        Found found = byId(folderId);
        if (projectId != null && !projectId.equals(found.project().id()) && !projectId.equals(found.project().slug())) {
            throw notFound(folderId);
        }
        projects.authorizer().require(actor, found.project().ref(), Action.EDIT, Subject.FOLDERS);
        if (found.folder().parentId() == null) throw new ApiException.BadRequest("The root folder cannot be renamed.");
        String n = SecretPath.folderName(name);
        long now = System.currentTimeMillis();
        Folder f = found.folder();
        projects.db().write(c -> {
            if (!n.equals(f.name()) && Jdbc.one(c, "SELECT 1 FROM folders WHERE parent_id = ? AND name = ?", rs -> 1,
                    f.parentId(), n).isPresent()) {
                throw new ApiException.BadRequest("Folder with name '" + n + "' already exists next to '" + f.name() + "'.");
            }
            return Jdbc.update(c, "UPDATE folders SET name = ?, description = ?, version = version + 1, updated_at = ? "
                    + "WHERE id = ?", n, description == null ? f.description() : description, now, f.id());
        });
        Folder renamed = new Folder(f.id(), f.envId(), f.parentId(), n, description == null ? f.description() : description,
                f.version() + 1, f.createdAt(), now);
        List<String> segs = new ArrayList<>(found.path().segments());
        segs.set(segs.size() - 1, n);
        return new Located(renamed, new SecretPath(segs), null);
    }

    /** Deletes a folder (by id, or by name under {@code path}) with everything in it. */
    public Folder delete(Actor actor, String projectId, String envSlug, String path, String idOrName) {
        ProjectService.Scope scope = projects.scope(actor, projectId, envSlug, Action.DELETE, Subject.FOLDERS);
        SecretPath parent = SecretPath.parse(path);
        // a name that no folder can have is a bad request (and never reaches SQL: PostgreSQL rejects NUL bytes)
        if (!Ids.isUuid(idOrName)) SecretPath.folderName(idOrName);
        return projects.db().write(c -> {
            Optional<Folder> target;
            if (Ids.isUuid(idOrName)) {
                target = Jdbc.one(c, "SELECT * FROM folders WHERE id = ? AND env_id = ?", Folders::folder, idOrName,
                        scope.environment().id());
            } else {
                Optional<Folder> p = Folders.resolve(c, scope.environment().id(), parent);
                target = p.isEmpty() ? Optional.empty() : Jdbc.one(c, "SELECT * FROM folders WHERE parent_id = ? AND name = ?",
                        Folders::folder, p.get().id(), idOrName);
            }
            Folder f = target.orElseThrow(() -> notFound(idOrName));
            if (f.parentId() == null) throw new ApiException.BadRequest("The root folder cannot be deleted.");
            Jdbc.update(c, "DELETE FROM folders WHERE id = ?", f.id());
            return f;
        });
    }

    private Found byId(String folderId) {
        if (!Ids.isUuid(folderId)) throw notFound(folderId);
        return projects.db().read(c -> {
            Folder f = Jdbc.one(c, "SELECT * FROM folders WHERE id = ?", Folders::folder, folderId)
                    .orElseThrow(() -> notFound(folderId));
            Environment env = Jdbc.one(c, "SELECT * FROM environments WHERE id = ?", ProjectStore::environment, f.envId())
                    .orElseThrow(() -> notFound(folderId));
            Project p = ProjectStore.byId(c, env.projectId()).orElseThrow(() -> notFound(folderId));
            return new Found(f, Folders.paths(c, env.id()).get(f.id()), env, p);
        });
    }

    private static ApiException notFound(String idOrName) {
        return new ApiException.NotFound("Folder '" + ProjectService.abbreviate(idOrName) + "' not found.");
    }
}
