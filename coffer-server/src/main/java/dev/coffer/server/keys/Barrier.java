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
 * <p>A ciphertext is {@code C0 02 ‖ generation (4 bytes, big-endian) ‖ iv ‖ ciphertext ‖ tag}. The
 * associated data is that header plus the binding (project, secret, version, field, and where the
 * secret lives: environment id, folder id and name), so a ciphertext copied onto another row, version
 * or field, a row re-pointed to another folder or environment or renamed behind Coffer's back, or a
 * ciphertext given another key id or format, fails to decrypt, and that failure is reported loudly
 * instead of returning data. Moving or renaming a secret through the API writes a new version, sealed
 * for its new place.
 *
 * <p>Older formats are still read: {@code C0 01} (bound to project, secret, version and field only),
 * and ciphertexts written before the header existed (the IV first, generation 1 implied) — a blob
 * without a header is read that way, and so is one whose first bytes happen to look like a header but
 * that fails as one. Since the header is part of the associated data, a {@code C0 02} ciphertext
 * relabelled {@code C0 01} fails too.
 */
public final class Barrier {

    /** Which column of a secret a ciphertext belongs to. */
    public enum Field {
        VALUE,
        COMMENT,
        /** A secret metadata value marked {@code isEncrypted} (its entry's key sealed with it). */
        METADATA
    }

    /**
     * What a ciphertext is bound to: a secret's version and field, and where that version lives (the
     * ids of its environment and folder, and its name), as the row that holds it says.
     */
    public record Binding(
            String projectId,
            String secretId,
            long version,
            Field field,
            String environmentId,
            String folderId,
            String name) {}

    static final byte MAGIC = (byte) 0xC0;
    /** The format new ciphertexts are written in: bound to the secret's place as well. */
    static final byte FORMAT = 2;
    /** The first header format: bound to project, secret, version and field only; still read. */
    static final byte FORMAT_1 = 1;

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
        if (b.environmentId() == null || b.folderId() == null || b.name() == null) {
            throw new IllegalArgumentException("a new ciphertext is bound to its environment, folder and name");
        }
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
        Optional<byte[]> plain = hasHeader(sealed) ? openWithHeader(k, b, sealed) : Optional.empty();
        if (plain.isEmpty()) plain = openLegacy(k, b, sealed);
        return new String(plain.orElseThrow(() -> tampered(b)), StandardCharsets.UTF_8);
    }

    /** The generation a ciphertext names in its header; 1 for a ciphertext from before headers. */
    public static int generationOf(byte[] sealed) {
        return hasHeader(sealed) ? ByteBuffer.wrap(sealed, 2, 4).getInt() : 1;
    }

    private static boolean hasHeader(byte[] sealed) {
        return sealed.length > HEADER && sealed[0] == MAGIC && (sealed[1] == FORMAT || sealed[1] == FORMAT_1);
    }

    private static Optional<byte[]> openWithHeader(ProjectKeys k, Binding b, byte[] sealed) {
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

    /** The header, then the binding; {@code C0 01} ciphertexts were bound without the secret's place. */
    private static byte[] aad(byte[] header, Binding b) {
        String label = "coffer/secret/v2|" + b.projectId() + "|" + b.secretId() + "|" + b.version() + "|"
                + b.field().name();
        if (header[1] != FORMAT_1) {
            // ids are UUIDs; the name goes last, so whatever it holds cannot be read as another field
            label = "coffer/secret/v3|" + b.projectId() + "|" + b.secretId() + "|" + b.version() + "|"
                    + b.field().name() + "|" + b.environmentId() + "|" + b.folderId() + "|" + b.name();
        }
        byte[] binding = label.getBytes(StandardCharsets.UTF_8);
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
                + ") does not belong to that row, folder, environment or name. The database "
                + "was altered outside Coffer; restore the row from a backup.");
    }

    @Override
    public String toString() {
        return "Barrier[" + keys.size() + " project key sets cached]";
    }
}
