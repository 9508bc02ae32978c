package dev.coffer.server.audit;

import dev.coffer.server.errors.StartupException;
import dev.coffer.server.store.OwnerOnlyFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;

/**
 * Appends committed events to a file as JSON lines ({@code COFFER_AUDIT_FILE}), readable by its owner
 * only. Runs on the audit writer's thread after the commit; a failed write is logged and counted, and
 * does not undo the commit (the database is the record).
 */
final class FileStream implements Consumer<List<StoredEvent>>, AutoCloseable {

    private static final Logger LOG = System.getLogger(FileStream.class.getName());

    private final Path file;
    private final OutputStream out;
    private long failures;

    FileStream(Path file) {
        this.file = file;
        try {
            OwnerOnlyFiles.createIfMissing(file);
            this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new StartupException("Could not open the audit file " + file + " ("
                    + "an I/O error); check COFFER_AUDIT_FILE and the directory's permissions.");
        }
    }

    @Override
    public void accept(List<StoredEvent> rows) {
        try {
            out.write(EventLines.of(rows));
            out.flush();
        } catch (IOException e) {
            failures += rows.size();
            LOG.log(
                    Level.ERROR,
                    () -> "could not append " + rows.size() + " audit events to " + file + " (" + "an I/O error); "
                            + failures + " lost from the file so far");
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, () -> "could not close the audit file " + file);
        }
    }
}
