package dev.coffer.server.keys;

import dev.coffer.crypto.Aead;
import dev.coffer.crypto.DecryptionFailedException;
import dev.coffer.crypto.SecureRandoms;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.cache.TtlCache;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.store.Tx;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The barrier: the only code that encrypts and decrypts secret values and comments. Each project has
 * data keys by generation (wrapped by a root key, cached unwrapped); new ciphertexts use the newest.
 *
 * <p>A ciphertext is {@code C0 01 ‖ generation (4 bytes, big-endian) ‖ iv ‖ ciphertext ‖ tag}. The
 * associated data is that header plus the binding (project, secret, version, field), so a ciphertext
 * copied onto another row, version or field, or given another key id, fails to decrypt, and that
 * failure is reported loudly instead of returning data. Ciphertexts written before the header existed
 * (the IV first, generation 1 implied) are still read: a blob without the header is read that way, and
 * so is one whose first bytes happen to look like a header but that fails as one.
 */
public final class Barrier {

    /** Which column of a secret a ciphertext belongs to. */
    public enum Field {
        VALUE,
        COMMENT
    }

    /** What a ciphertext is bound to: a secret's version and field. */
    public record Binding(String projectId, String secretId, long version, Field field) {}

    static final byte MAGIC = (byte) 0xC0;
    static final byte FORMAT = 1;
    static final int HEADER = 6;

    /** A project's unwrapped data keys by generation. */
    private record ProjectKeys(TreeMap<Integer, Aead> byGeneration) {
        int current() {
            return byGeneration.lastKey();
        }
    }

    private final Keyring keyring;
    private final TtlCache<String, ProjectKeys> keys;

    public Barrier(Keyring keyring, Invalidator invalidator, Clock clock) {
        this.keyring = keyring;
        this.keys = new TtlCache<>(10_000, Duration.ofMinutes(10), clock);
        invalidator.on(Invalidator.Topic.PROJECT, keys::invalidate);
        invalidator.onFlushAll(keys::clear);
    }

    /** Creates the first data key of a new project, in the transaction that creates the project. */
    public void createProjectKey(Tx tx, String projectId) {
        KeyStore.insertDataKey(
                tx, projectId, keyring.wrapDataKey(projectId, 1, SecureRandoms.bytes(32)), System.currentTimeMillis());
    }

    public byte[] seal(Tx tx, Binding b, String plaintext) {
        ProjectKeys k = keysOf(tx, b.projectId());
        int generation = k.current();
        byte[] header = ByteBuffer.allocate(HEADER)
                .put(MAGIC)
                .put(FORMAT)
                .putInt(generation)
                .array();
        return k.byGeneration()
                .get(generation)
                .seal(header, plaintext.getBytes(StandardCharsets.UTF_8), aad(header, b));
    }

    /**
     * Decrypts; a ciphertext that fails authentication is a {@link ApiException.ServerFault} naming the
     * secret row (never its contents), because it means the stored data was altered.
     */
    public String open(Tx tx, Binding b, byte[] sealed) {
        ProjectKeys k = keysOf(tx, b.projectId());
        Optional<byte[]> plain = hasHeader(sealed) ? openCurrent(k, b, sealed) : Optional.empty();
        if (plain.isEmpty()) plain = openLegacy(k, b, sealed);
        return new String(plain.orElseThrow(() -> tampered(b)), StandardCharsets.UTF_8);
    }

    /** The generation a ciphertext names in its header; 1 for a ciphertext from before headers. */
    public static int generationOf(byte[] sealed) {
        return hasHeader(sealed) ? ByteBuffer.wrap(sealed, 2, 4).getInt() : 1;
    }

    private static boolean hasHeader(byte[] sealed) {
        return sealed.length > HEADER && sealed[0] == MAGIC && sealed[1] == FORMAT;
    }

    private static Optional<byte[]> openCurrent(ProjectKeys k, Binding b, byte[] sealed) {
        int generation = generationOf(sealed);
        Aead key = k.byGeneration().get(generation);
        if (key == null) return Optional.empty();
        byte[] header = java.util.Arrays.copyOf(sealed, HEADER);
        try {
            return Optional.of(key.open(sealed, HEADER, aad(header, b)));
        } catch (DecryptionFailedException e) {
            return Optional.empty();
        }
    }

    private static Optional<byte[]> openLegacy(ProjectKeys k, Binding b, byte[] sealed) {
        Aead key = k.byGeneration().get(1);
        if (key == null) return Optional.empty();
        try {
            return Optional.of(key.open(sealed, legacyAad(b)));
        } catch (DecryptionFailedException e) {
            return Optional.empty();
        }
    }

    private ProjectKeys keysOf(Tx tx, String projectId) {
        return keys.get(projectId, id -> load(tx, id));
    }

    private ProjectKeys load(Tx tx, String projectId) {
        TreeMap<Integer, Aead> out = new TreeMap<>();
        for (KeyStore.WrappedDataKey w : KeyStore.dataKeys(tx, projectId)) {
            try {
                out.put(w.generation(), Aead.of(keyring.unwrapDataKey(projectId, w)));
            } catch (DecryptionFailedException e) {
                throw new ApiException.ServerFault(
                        "The data key of project " + projectId + " (generation " + w.generation()
                                + ") failed its integrity check; the data_keys row was altered outside Coffer. Restore it from a backup.");
            }
        }
        if (out.isEmpty()) throw new ApiException.NotFound("Project '" + projectId + "' not found.");
        return new ProjectKeys(out);
    }

    private static byte[] aad(byte[] header, Binding b) {
        byte[] binding = ("coffer/secret/v2|" + b.projectId() + "|" + b.secretId() + "|" + b.version() + "|"
                        + b.field().name())
                .getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(header.length + binding.length)
                .put(header)
                .put(binding)
                .array();
    }

    private static byte[] legacyAad(Binding b) {
        return ("coffer/secret/v1|" + b.projectId() + "|" + b.secretId() + "|" + b.version() + "|"
                        + b.field().name())
                .getBytes(StandardCharsets.UTF_8);
    }

    private static ApiException tampered(Binding b) {
        return new ApiException.ServerFault("Stored data failed its integrity check: the "
                + b.field().name().toLowerCase()
                + " of secret " + b.secretId() + " (version " + b.version()
                + ") does not belong to that row. The database "
                + "was altered outside Coffer; restore the row from a backup.");
    }

    @Override
    public String toString() {
        return "Barrier[" + keys.size() + " project key sets cached]";
    }
}
