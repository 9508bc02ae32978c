package dev.coffer.server.keys;

import dev.coffer.crypto.Aead;
import dev.coffer.crypto.DecryptionFailedException;
import dev.coffer.server.http.ApiException;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Jdbc;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The barrier: the only code that encrypts and decrypts secret values and comments. Each project has
 * its own data key (wrapped by the root key, cached unwrapped). Associated data binds a ciphertext to
 * its project, secret, version and field, so a ciphertext copied onto another row, another version or
 * the other field fails to decrypt, and that failure is reported loudly instead of returning data.
 */
public final class SecretCipher {

    /** Which column of a secret a ciphertext belongs to. */
    public enum Field { VALUE, COMMENT }

    private final Keyring keyring;
    private final Database db;
    private final Map<String, Aead> dataKeys = new ConcurrentHashMap<>();

    public SecretCipher(Keyring keyring, Database db) {
        this.keyring = keyring;
        this.db = db;
    }

    /** A fresh wrapped data key for a new project, to be stored in its row. */
    public byte[] newProjectKey(String projectId) {
        return keyring.newWrappedDataKey(projectId);
    }

    /** Drops a deleted project's key from the cache. */
    public void forget(String projectId) {
        dataKeys.remove(projectId);
    }

    public byte[] seal(String projectId, String secretId, long version, Field field, String plaintext) {
        return key(projectId).seal(plaintext.getBytes(StandardCharsets.UTF_8), aad(projectId, secretId, version, field));
    }

    /**
     * Decrypts; a ciphertext that fails authentication is a {@link ApiException.ServerFault} naming the
     * secret row (never its contents), because it means the stored data was altered.
     */
    public String open(String projectId, String secretId, long version, Field field, byte[] sealed) {
        try {
            return new String(key(projectId).open(sealed, aad(projectId, secretId, version, field)), StandardCharsets.UTF_8);
        } catch (DecryptionFailedException e) {
            throw new ApiException.ServerFault("Stored data failed its integrity check: the " + field.name().toLowerCase()
                    + " of secret " + secretId + " (version " + version + ") does not belong to that row. The database "
                    + "was altered outside Coffer; restore the row from a backup.");
        }
    }

    private Aead key(String projectId) {
        Aead k = dataKeys.get(projectId);
        if (k != null) return k;
        byte[] wrapped = db.read(c -> Jdbc.one(c, "SELECT wrapped_data_key FROM projects WHERE id = ?",
                rs -> rs.getBytes(1), projectId)).orElseThrow(() ->
                new ApiException.NotFound("Project '" + projectId + "' not found."));
        try {
            k = keyring.unwrapDataKey(projectId, wrapped);
        } catch (DecryptionFailedException e) {
            throw new ApiException.ServerFault("The data key of project " + projectId + " failed its integrity check; "
                    + "the projects row was altered outside Coffer. Restore it from a backup.");
        }
        dataKeys.put(projectId, k);
        return k;
    }

    private static byte[] aad(String projectId, String secretId, long version, Field field) {
        return ("coffer/secret/v1|" + projectId + "|" + secretId + "|" + version + "|" + field.name())
                .getBytes(StandardCharsets.UTF_8);
    }
}
