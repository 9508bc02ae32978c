package dev.coffer.server.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Files Coffer creates for its owner's eyes only: the database, the audit journal, the audit file. */
public final class OwnerOnlyFiles {

    private OwnerOnlyFiles() {}

    /** Whether the file system has POSIX permissions (where it has none, files are created as it makes them). */
    public static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Creates {@code file} readable and writable by its owner only ({@code rw-------}), or as the file
     * system makes it where it has no POSIX permissions; a file already there is left as it is.
     */
    public static void createIfMissing(Path file) throws IOException {
        try {
            if (posix()) {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            // left as it is
        }
    }
}
