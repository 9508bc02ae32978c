package dev.coffer.server.access;

import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.Tx;
import java.util.List;
import java.util.Optional;

/** SQL for a project's custom roles: slug, name, description and permission rules (JSON). */
public final class CustomRoleStore {

    /** A stored custom role. */
    public record Row(
            String id,
            String projectId,
            String slug,
            String name,
            String description,
            String permissions,
            long createdAt,
            long updatedAt) {}

    private static final String COLS = "id, project_id, slug, name, description, permissions, created_at, updated_at";

    private CustomRoleStore() {}

    public static List<Row> list(Tx tx, String projectId) {
        return Jdbc.list(
                tx,
                "SELECT " + COLS + " FROM project_roles WHERE project_id = ? ORDER BY slug",
                CustomRoleStore::row,
                projectId);
    }

    public static Optional<Row> bySlug(Tx tx, String projectId, String slug) {
        return Jdbc.one(
                tx,
                "SELECT " + COLS + " FROM project_roles WHERE project_id = ? AND slug = ?",
                CustomRoleStore::row,
                projectId,
                slug);
    }

    public static Optional<Row> byId(Tx tx, String projectId, String id) {
        return Jdbc.one(
                tx,
                "SELECT " + COLS + " FROM project_roles WHERE project_id = ? AND id = ?",
                CustomRoleStore::row,
                projectId,
                id);
    }

    public static void insert(Tx tx, Row r) {
        Jdbc.update(
                tx,
                "INSERT INTO project_roles (" + COLS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                r.id(),
                r.projectId(),
                r.slug(),
                r.name(),
                r.description(),
                r.permissions(),
                r.createdAt(),
                r.updatedAt());
    }

    public static void update(Tx tx, Row r) {
        Jdbc.update(
                tx,
                "UPDATE project_roles SET slug = ?, name = ?, description = ?, permissions = ?, updated_at = ? "
                        + "WHERE id = ? AND project_id = ?",
                r.slug(),
                r.name(),
                r.description(),
                r.permissions(),
                r.updatedAt(),
                r.id(),
                r.projectId());
    }

    public static void delete(Tx tx, String projectId, String id) {
        Jdbc.update(tx, "DELETE FROM project_roles WHERE id = ? AND project_id = ?", id, projectId);
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getLong(7),
                rs.getLong(8));
    }
}
