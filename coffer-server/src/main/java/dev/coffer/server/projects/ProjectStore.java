package dev.coffer.server.projects;

import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** SQL for projects and environments. */
final class ProjectStore {

    private ProjectStore() {}

    private static final String PROJECT_COLS =
            "p.id, p.org_id, p.name, p.slug, p.description, p.created_at, p.updated_at";

    private static Project project(ResultSet rs) throws SQLException {
        return new Project(
                rs.getString("id"),
                rs.getString("org_id"),
                rs.getString("name"),
                rs.getString("slug"),
                rs.getString("description"),
                rs.getLong("created_at"),
                rs.getLong("updated_at"));
    }

    static Environment environment(ResultSet rs) throws SQLException {
        return new Environment(
                rs.getString("id"),
                rs.getString("project_id"),
                rs.getString("name"),
                rs.getString("slug"),
                rs.getInt("position"),
                rs.getLong("created_at"),
                rs.getLong("updated_at"));
    }

    static Optional<Project> byId(Tx tx, String id) {
        return Jdbc.one(tx, "SELECT " + PROJECT_COLS + " FROM projects p WHERE p.id = ?", ProjectStore::project, id);
    }

    static Optional<Project> bySlug(Tx tx, String slug) {
        return Jdbc.one(
                tx, "SELECT " + PROJECT_COLS + " FROM projects p WHERE p.slug = ?", ProjectStore::project, slug);
    }

    static List<Project> byOrg(Tx tx, String orgId) {
        return Jdbc.list(
                tx,
                "SELECT " + PROJECT_COLS + " FROM projects p WHERE p.org_id = ? ORDER BY p.name, p.id",
                ProjectStore::project,
                orgId);
    }

    /** The projects an identity (or, with {@code user}, a person) is a member of, by name. */
    static List<Project> byMember(Tx tx, String principalId, boolean user) {
        return Jdbc.list(
                tx,
                "SELECT " + PROJECT_COLS + " FROM projects p JOIN "
                        + (user
                                ? "user_project_memberships m ON m.project_id = p.id WHERE m.user_id = ?"
                                : "identity_project_memberships m ON m.project_id = p.id WHERE m.identity_id = ?")
                        + " ORDER BY p.name, p.id",
                ProjectStore::project,
                principalId);
    }

    /** Whether the identity belongs to the organization (memberships may only be given within it). */
    static boolean identityInOrg(Tx tx, String identityId, String orgId) {
        return Jdbc.exists(tx, "SELECT 1 FROM identities WHERE id = ? AND org_id = ?", identityId, orgId);
    }

    static void insert(Tx tx, Project p) {
        Jdbc.update(
                tx,
                "INSERT INTO projects (id, org_id, name, slug, description, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                p.id(),
                p.orgId(),
                p.name(),
                p.slug(),
                p.description(),
                p.createdAt(),
                p.updatedAt());
    }

    static boolean slugTaken(Tx tx, String slug) {
        return Jdbc.exists(tx, "SELECT 1 FROM projects WHERE slug = ?", slug);
    }

    /** Deletes a project; its environments, folders, secrets, history, memberships and keys go with it. */
    static int delete(Tx tx, String projectId) {
        return Jdbc.update(tx, "DELETE FROM projects WHERE id = ?", projectId);
    }

    static List<Environment> environments(Tx tx, String projectId) {
        return Jdbc.list(
                tx,
                "SELECT * FROM environments WHERE project_id = ? ORDER BY position, slug",
                ProjectStore::environment,
                projectId);
    }

    /** The project's environments, locked until the transaction ends (PostgreSQL; SQLite has one writer). */
    static List<Environment> environmentsForUpdate(Tx tx, String projectId) {
        return Jdbc.list(
                tx,
                "SELECT * FROM environments WHERE project_id = ? ORDER BY position, slug" + tx.forUpdate(),
                ProjectStore::environment,
                projectId);
    }

    static Optional<Environment> environment(Tx tx, String envId) {
        return Jdbc.one(tx, "SELECT * FROM environments WHERE id = ?", ProjectStore::environment, envId);
    }

    /** Inserts an environment with its root folder. */
    static void insertEnvironment(Tx tx, Environment e, String rootFolderId) {
        Jdbc.update(
                tx,
                "INSERT INTO environments (id, project_id, name, slug, position, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                e.id(),
                e.projectId(),
                e.name(),
                e.slug(),
                e.position(),
                e.createdAt(),
                e.updatedAt());
        FolderStore.insert(tx, new Folder(rootFolderId, e.id(), null, "root", null, 1, e.createdAt(), e.createdAt()));
    }

    /** Moves the environments at positions {@code from..to} by {@code delta}. */
    static void shiftPositions(Tx tx, String projectId, int from, int to, int delta) {
        Jdbc.update(
                tx,
                "UPDATE environments SET position = position + ? WHERE project_id = ? AND position >= ? "
                        + "AND position <= ?",
                delta,
                projectId,
                from,
                to);
    }

    static void updateEnvironment(Tx tx, Environment e) {
        Jdbc.update(
                tx,
                "UPDATE environments SET name = ?, slug = ?, position = ?, updated_at = ? WHERE id = ?",
                e.name(),
                e.slug(),
                e.position(),
                e.updatedAt(),
                e.id());
    }

    /** Deletes an environment with its folders and secrets; each secret's history ends in a tombstone. */
    static void deleteEnvironment(Tx tx, Environment e, long now, dev.coffer.server.history.Commit commit) {
        FolderStore.resolve(tx, e.id(), SecretPath.ROOT)
                .ifPresent(root -> FolderStore.tombstoneSecretsUnder(tx, root.id(), commit, now));
        Jdbc.update(tx, "DELETE FROM environments WHERE id = ?", e.id());
    }
}
