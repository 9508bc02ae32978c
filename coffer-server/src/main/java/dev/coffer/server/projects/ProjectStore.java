package dev.coffer.server.projects;

import dev.coffer.server.store.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** SQL for projects, environments and identity memberships. */
final class ProjectStore {

    private ProjectStore() {}

    private static final String PROJECT_COLS = "id, org_id, name, slug, description, created_at, updated_at";

    static Project project(ResultSet rs) throws SQLException {
        return new Project(rs.getString("id"), rs.getString("org_id"), rs.getString("name"), rs.getString("slug"),
                rs.getString("description"), rs.getLong("created_at"), rs.getLong("updated_at"));
    }

    static Environment environment(ResultSet rs) throws SQLException {
        return new Environment(rs.getString("id"), rs.getString("project_id"), rs.getString("name"), rs.getString("slug"),
                rs.getInt("position"), rs.getLong("created_at"), rs.getLong("updated_at"));
    }

    static Optional<Project> byId(Connection c, String id) throws SQLException {
        return Jdbc.one(c, "SELECT " + PROJECT_COLS + " FROM projects WHERE id = ?", ProjectStore::project, id);
    }

    static Optional<Project> bySlug(Connection c, String slug) throws SQLException {
        return Jdbc.one(c, "SELECT " + PROJECT_COLS + " FROM projects WHERE slug = ?", ProjectStore::project, slug);
    }

    static List<Project> byOrg(Connection c, String orgId) throws SQLException {
        return Jdbc.list(c, "SELECT " + PROJECT_COLS + " FROM projects WHERE org_id = ? ORDER BY name, id",
                ProjectStore::project, orgId);
    }

    static List<Project> byMember(Connection c, String identityId) throws SQLException {
        return Jdbc.list(c, "SELECT p.id, p.org_id, p.name, p.slug, p.description, p.created_at, p.updated_at "
                + "FROM projects p JOIN identity_project_memberships m ON m.project_id = p.id "
                + "WHERE m.identity_id = ? ORDER BY p.name, p.id", ProjectStore::project, identityId);
    }

    static void insert(Connection c, Project p, byte[] wrappedKey) throws SQLException {
        Jdbc.update(c, "INSERT INTO projects (id, org_id, name, slug, description, wrapped_data_key, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", p.id(), p.orgId(), p.name(), p.slug(), p.description(), wrappedKey,
                p.createdAt(), p.updatedAt());
    }

    static List<Environment> environments(Connection c, String projectId) throws SQLException {
        return Jdbc.list(c, "SELECT * FROM environments WHERE project_id = ? ORDER BY position, slug",
                ProjectStore::environment, projectId);
    }

    static void insertEnvironment(Connection c, Environment e, String rootFolderId) throws SQLException {
        Jdbc.update(c, "INSERT INTO environments (id, project_id, name, slug, position, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", e.id(), e.projectId(), e.name(), e.slug(), e.position(), e.createdAt(),
                e.updatedAt());
        Jdbc.update(c, "INSERT INTO folders (id, env_id, parent_id, name, version, created_at, updated_at) "
                + "VALUES (?, ?, NULL, 'root', 1, ?, ?)", rootFolderId, e.id(), e.createdAt(), e.createdAt());
    }

    static Optional<String> membershipRole(Connection c, String projectId, String identityId) throws SQLException {
        return Jdbc.one(c, "SELECT role FROM identity_project_memberships WHERE project_id = ? AND identity_id = ?",
                rs -> rs.getString(1), projectId, identityId);
    }
}
