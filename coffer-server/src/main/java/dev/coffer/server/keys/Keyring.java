package dev.coffer.server.keys;

import dev.coffer.crypto.Aead;
import dev.coffer.crypto.DecryptionFailedException;
import dev.coffer.crypto.Hkdf;
import dev.coffer.crypto.KeyWrap;
import dev.coffer.crypto.SecureRandoms;
import dev.coffer.server.errors.StartupException;
import dev.coffer.server.store.Database;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The root keys, unwrapped in memory, by generation. The newest generation wraps new project data
 * keys; older ones stay to unwrap data keys wrapped before a rotation. Generation 1 is created
 * (random, wrapped by the KEK) on the first start; on later starts a KEK that cannot unwrap every
 * generation stops the start with a clear message, having written nothing.
 *
 * <p>The server's signing and HMAC keys are derived from generation 1, so they outlive rotations.
 */
public final class Keyring {

    private final TreeMap<Integer, Aead> roots;
    private final byte[] firstRootBytes;

    private Keyring(TreeMap<Integer, Aead> roots, byte[] firstRootBytes) {
        this.roots = roots;
        this.firstRootBytes = firstRootBytes;
    }

    /** Whether the database already holds a root key (so a KEK must already exist somewhere). */
    public static boolean exists(Database db) {
        return !db.read(KeyStore::rootKeys).isEmpty();
    }

    public static Keyring open(Database db, KeySource kek) {
        List<KeyStore.WrappedRoot> stored = db.read(KeyStore::rootKeys);
        if (stored.isEmpty()) {
            byte[] first = SecureRandoms.bytes(32);
            KeyStore.WrappedRoot row = new KeyStore.WrappedRoot(1, KeyWrap.wrap(kek.kek(), first, purpose(1)));
            db.write(tx -> {
                KeyStore.insertRootKey(tx, row, System.currentTimeMillis());
                return null;
            });
            return new Keyring(new TreeMap<>(Map.of(1, Aead.of(first))), first);
        }
        TreeMap<Integer, Aead> roots = new TreeMap<>();
        byte[] first = null;
        for (KeyStore.WrappedRoot r : stored) {
            byte[] raw;
            try {
                raw = KeyWrap.unwrap(kek.kek(), r.wrapped(), purpose(r.generation()));
            } catch (DecryptionFailedException e) {
                throw new StartupException("The encryption key from " + kek.description() + " does not open this "
                        + "database (" + db.description() + "): it is not the key the data was encrypted with. "
                        + "Start Coffer with the original key; nothing was changed.");
            }
            if (r.generation() == 1) first = raw;
            roots.put(r.generation(), Aead.of(raw));
        }
        if (first == null) throw new StartupException("The keyring of " + db.description() + " has no first root key.");
        return new Keyring(roots, first);
    }

    /** The label a root key of this generation is wrapped under; generation 1 keeps its original label. */
    private static String purpose(int generation) {
        return generation == 1 ? "root-key" : "root-key/" + generation;
    }

    int currentGeneration() {
        return roots.lastKey();
    }

    /** Wraps a project data key under the newest root key. */
    KeyStore.WrappedDataKey wrapDataKey(String projectId, int generation, byte[] raw) {
        int root = currentGeneration();
        return new KeyStore.WrappedDataKey(
                generation, root, KeyWrap.wrap(roots.get(root), raw, dataKeyPurpose(projectId, generation)));
    }

    /** Unwraps a project data key; a failure means the row was altered (or its root key is gone). */
    byte[] unwrapDataKey(String projectId, KeyStore.WrappedDataKey k) {
        Aead root = roots.get(k.rootGeneration());
        if (root == null) throw new DecryptionFailedException();
        return KeyWrap.unwrap(root, k.wrapped(), dataKeyPurpose(projectId, k.generation()));
    }

    private static String dataKeyPurpose(String projectId, int generation) {
        return generation == 1 ? "project:" + projectId : "project:" + projectId + "/" + generation;
    }

    /** A 32-byte key derived from the first root key for one purpose (token signing, client-secret HMAC). */
    public byte[] derive(String purpose) {
        return Hkdf.derive(null, firstRootBytes, ("coffer/" + purpose + "/v1").getBytes(StandardCharsets.UTF_8), 32);
    }

    @Override
    public String toString() {
        return "Keyring[" + roots.size() + " root key generation(s) loaded]";
    }
}
