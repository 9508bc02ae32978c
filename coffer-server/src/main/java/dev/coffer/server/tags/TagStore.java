package dev.coffer.server.tags;

import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** SQL for a project's tags ({@code project_tags}); the links of secrets to tags are the secrets feature's. */
public final class TagStore {

    private TagStore() {}

    private static final String COLS =
            "id, project_id, slug, name, color, created_by, created_by_kind, created_at, updated_at";

    private static Tag tag(ResultSet rs) throws SQLException {
        return new Tag(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getLong(8),
                rs.getLong(9));
    }

    /** The project's tags, by slug. */
    public static List<Tag> ofProject(Tx tx, String projectId) {
        return Jdbc.list(
                tx,
                "SELECT " + COLS + " FROM project_tags WHERE project_id = ? ORDER BY slug",
                TagStore::tag,
                projectId);
    }

    /** The tags with these ids in the project (ids of other projects' tags are not found). */
    public static List<Tag> byIds(Tx tx, String projectId, Collection<String> ids) {
        if (ids.isEmpty()) return List.of();
        List<Object> args = new ArrayList<>();
        args.add(projectId);
        args.addAll(ids);
        return Jdbc.list(
                tx,
                "SELECT " + COLS + " FROM project_tags WHERE project_id = ? AND id IN ("
                        + String.join(", ", java.util.Collections.nCopies(ids.size(), "?")) + ") ORDER BY slug",
                TagStore::tag,
                args.toArray());
    }

    static Optional<Tag> byId(Tx tx, String projectId, String id) {
        return Jdbc.one(
                tx,
                "SELECT " + COLS + " FROM project_tags WHERE project_id = ? AND id = ?",
                TagStore::tag,
                projectId,
                id);
    }

    static Optional<Tag> bySlug(Tx tx, String projectId, String slug) {
        return Jdbc.one(
                tx,
                "SELECT " + COLS + " FROM project_tags WHERE project_id = ? AND slug = ?",
                TagStore::tag,
                projectId,
                slug);
    }

    static void insert(Tx tx, Tag t) {
        Jdbc.update(
                tx,
                "INSERT INTO project_tags (" + COLS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                t.id(),
                t.projectId(),
                t.slug(),
                t.name(),
                t.color(),
                t.createdBy(),
                t.createdByKind(),
                t.createdAt(),
                t.updatedAt());
    }

    static void update(Tx tx, Tag t) {
        Jdbc.update(
                tx,
                "UPDATE project_tags SET slug = ?, name = ?, color = ?, updated_at = ? WHERE id = ?",
                t.slug(),
                t.name(),
                t.color(),
                t.updatedAt(),
                t.id());
    }

    /** Deletes the tag and takes it off every secret that carries it (their versions keep the id). */
    static void delete(Tx tx, String id) {
        Jdbc.update(tx, "DELETE FROM secret_tag_links WHERE tag_id = ?", id);
        Jdbc.update(tx, "DELETE FROM project_tags WHERE id = ?", id);
    }
}
