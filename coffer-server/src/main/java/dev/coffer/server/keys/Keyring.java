package dev.coffer.server.keys;

import dev.coffer.crypto.Aead;
import dev.coffer.crypto.DecryptionFailedException;
import dev.coffer.crypto.Hkdf;
import dev.coffer.crypto.KeyWrap;
import dev.coffer.crypto.SecureRandoms;
import dev.coffer.server.app.StartupException;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Jdbc;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The root key, unwrapped in memory. It wraps the per-project data keys and derives the server's
 * signing and HMAC keys. Created (random, wrapped by the KEK) on the first start; on later starts a
 * KEK that cannot unwrap it stops the start with a clear message, having written nothing.
 */
public final class Keyring {

    private static final String PURPOSE = "root-key";
    private final Aead root;
    private final byte[] rootBytes;

    private Keyring(byte[] rootBytes) {
        this.rootBytes = rootBytes;
        this.root = Aead.of(rootBytes);
    }

    /** Whether the database already holds a root key (so a KEK must already exist somewhere). */
    public static boolean exists(Database db) {
        return db.read(c -> Jdbc.one(c, "SELECT 1 FROM keyring WHERE id = 1", rs -> 1).isPresent());
    }

    public static Keyring open(Database db, KeySource kek) {
        Optional<byte[]> wrapped = db.read(c -> Jdbc.one(c, "SELECT wrapped_root FROM keyring WHERE id = 1",
                rs -> rs.getBytes(1)));
        if (wrapped.isPresent()) {
            try {
                return new Keyring(KeyWrap.unwrap(kek.kek(), wrapped.get(), PURPOSE));
            } catch (DecryptionFailedException e) {
                throw new StartupException("The encryption key from " + kek.description() + " does not open this "
                        + "database (" + db.description() + "): it is not the key the data was encrypted with. "
                        + "Start Coffer with the original key; nothing was changed.");
            }
        }
        byte[] rootBytes = SecureRandoms.bytes(32);
        byte[] sealed = KeyWrap.wrap(kek.kek(), rootBytes, PURPOSE);
        db.write(c -> Jdbc.update(c, "INSERT INTO keyring (id, wrapped_root, created_at) VALUES (1, ?, ?)",
                sealed, System.currentTimeMillis()));
        return new Keyring(rootBytes);
    }

    /** Wraps a fresh random data key for a project; returns the wrapped bytes to store. */
    byte[] newWrappedDataKey(String projectId) {
        return KeyWrap.wrap(root, SecureRandoms.bytes(32), "project:" + projectId);
    }

    /** Unwraps a project's data key. */
    Aead unwrapDataKey(String projectId, byte[] wrapped) {
        return Aead.of(KeyWrap.unwrap(root, wrapped, "project:" + projectId));
    }

    /** A 32-byte key derived from the root key for one purpose (token signing, client-secret HMAC). */
    public byte[] derive(String purpose) {
        return Hkdf.derive(null, rootBytes, ("coffer/" + purpose + "/v1").getBytes(StandardCharsets.UTF_8), 32);
    }

    @Override
    public String toString() {
        return "Keyring[root key loaded]";
    }
}
