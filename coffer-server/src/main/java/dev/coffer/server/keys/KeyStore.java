package dev.coffer.server.keys;

import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.Tx;
import java.util.List;

/** SQL for root key generations and project data key generations (wrapped; never plaintext). */
final class KeyStore {

    record WrappedRoot(int generation, byte[] wrapped) {}

    record WrappedDataKey(int generation, int rootGeneration, byte[] wrapped) {}

    private KeyStore() {}

    static List<WrappedRoot> rootKeys(Tx tx) {
        return Jdbc.list(
                tx,
                "SELECT generation, wrapped_root FROM root_keys ORDER BY generation",
                rs -> new WrappedRoot(rs.getInt(1), rs.getBytes(2)));
    }

    static void insertRootKey(Tx tx, WrappedRoot k, long now) {
        Jdbc.update(
                tx,
                "INSERT INTO root_keys (generation, wrapped_root, created_at) VALUES (?, ?, ?)",
                k.generation(),
                k.wrapped(),
                now);
    }

    static List<WrappedDataKey> dataKeys(Tx tx, String projectId) {
        return Jdbc.list(
                tx,
                "SELECT generation, root_generation, wrapped_key FROM data_keys WHERE project_id = ? "
                        + "ORDER BY generation",
                rs -> new WrappedDataKey(rs.getInt(1), rs.getInt(2), rs.getBytes(3)),
                projectId);
    }

    static void insertDataKey(Tx tx, String projectId, WrappedDataKey k, long now) {
        Jdbc.update(
                tx,
                "INSERT INTO data_keys (project_id, generation, root_generation, wrapped_key, created_at) "
                        + "VALUES (?, ?, ?, ?, ?)",
                projectId,
                k.generation(),
                k.rootGeneration(),
                k.wrapped(),
                now);
    }
}
