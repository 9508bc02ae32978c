package dev.coffer.server.keys;

import dev.coffer.crypto.Aead;
import dev.coffer.server.errors.StartupException;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Set;

/**
 * Finds the key-encryption key (KEK): {@code COFFER_ENCRYPTION_KEY} (base64 of 32 bytes), else
 * {@code COFFER_ENCRYPTION_KEY_FILE}, else {@code <data-dir>/coffer.key}. The default file is created
 * (mode 0600) only when the database holds no keys yet; otherwise a missing key is a start-up error,
 * never a silently new key.
 *
 * @param kek         the key, ready to wrap and unwrap the root key
 * @param description where it came from, for the start-up line (never the key itself)
 */
public record KeySource(Aead kek, String description) {

    private static final Logger LOG = System.getLogger(KeySource.class.getName());
    public static final String DEFAULT_FILE = "coffer.key";

    /**
     * The key given by setting (environment or key file), checked before any database is opened so a
     * malformed key changes nothing; empty when neither is set.
     */
    public static java.util.Optional<KeySource> fromSettings(String keyBase64, Path keyFile) {
        if (keyBase64 != null) {
            return java.util.Optional.of(
                    new KeySource(Aead.of(decode(keyBase64, "COFFER_ENCRYPTION_KEY")), "COFFER_ENCRYPTION_KEY"));
        }
        if (keyFile != null) {
            if (!Files.isRegularFile(keyFile)) {
                throw new StartupException("The key file " + keyFile + " (COFFER_ENCRYPTION_KEY_FILE) does not exist; "
                        + "point it at the file holding this instance's key.");
            }
            return java.util.Optional.of(fromFile(keyFile));
        }
        return java.util.Optional.empty();
    }

    /**
     * The default key file {@code <data-dir>/coffer.key}: read when present, created (0600) only when the
     * database holds no keys yet.
     */
    public static KeySource defaultFile(Path dataDir, boolean databaseHasKeys) {
        Path file = dataDir.resolve(DEFAULT_FILE);
        if (Files.isRegularFile(file)) return fromFile(file);
        if (databaseHasKeys) {
            throw new StartupException("The database already holds data encrypted with a key, but no key was given and "
                    + file + " does not exist. Set COFFER_ENCRYPTION_KEY or COFFER_ENCRYPTION_KEY_FILE to the key this "
                    + "instance was created with; a new key would not open the existing data.");
        }
        return new KeySource(Aead.of(create(file)), "key file " + file + " (created)");
    }

    private static KeySource fromFile(Path file) {
        warnIfReadableByOthers(file);
        return new KeySource(Aead.of(decode(read(file), "key file " + file)), "key file " + file);
    }

    private static void warnIfReadableByOthers(Path file) {
        try {
            Set<java.nio.file.attribute.PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream()
                    .anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                LOG.log(
                        Level.WARNING,
                        "The key file " + file + " can be read by other users (" + PosixFilePermissions.toString(perms)
                                + "); restrict it with: chmod 600 " + file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        }
    }

    private static byte[] create(Path file) {
        byte[] key = dev.coffer.crypto.SecureRandoms.bytes(32);
        String text = Base64.getEncoder().encodeToString(key) + "\n";
        try {
            Files.createFile(
                    file,
                    PosixFilePermissions.asFileAttribute(Set.of(
                            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)));
            Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        } catch (FileAlreadyExistsException e) {
            throw new StartupException("The key file " + file + " appeared while Coffer was creating it; start again.");
        } catch (IOException e) {
            throw new StartupException("Could not create the key file " + file + ": "
                    + e.getClass().getSimpleName()
                    + ". Check that the data directory is writable, or set COFFER_ENCRYPTION_KEY.");
        }
        LOG.log(
                Level.WARNING,
                "Created a new encryption key in " + file + " (mode 0600). BACK IT UP: without it the "
                        + "data in this instance cannot be decrypted. For production, set COFFER_ENCRYPTION_KEY or "
                        + "COFFER_ENCRYPTION_KEY_FILE from your secret store instead.");
        return key;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new StartupException(
                    "Could not read the key file " + file + ": " + e.getClass().getSimpleName() + ".");
        }
    }

    private static byte[] decode(String base64, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new StartupException(source + " is not valid base64; it must be base64 of 32 random bytes "
                    + "(generate one with: openssl rand -base64 32).");
        }
        if (key.length != 32) {
            throw new StartupException(source + " decodes to " + key.length + " bytes; it must be exactly 32 bytes "
                    + "(generate one with: openssl rand -base64 32).");
        }
        return key;
    }

    @Override
    public String toString() {
        return "KeySource[" + description + "]";
    }
}
