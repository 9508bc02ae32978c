package dev.coffer.server.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import org.flywaydb.core.Flyway;

/**
 * The schema: one migration folder ({@code db/schema}) for both databases, with Flyway
 * placeholders for the types that differ ({@link Dialect#migrationPlaceholders}). Run at start, under
 * Flyway's lock, forward only.
 *
 * <p>Databases created before the folders were merged recorded the checksum of their dialect's own
 * copy of V1. Those copies are the same schema as the merged V1 with its placeholders filled in, so
 * exactly those two checksums are re-recorded as the merged file's; any other difference still fails
 * validation.
 */
final class Migrations {

    static final String LOCATION = "db/schema";
    static final String V1 = LOCATION + "/V1__foundation.sql";
    /** Checksums of V1 as each dialect's separate folder held it. */
    static final Map<Dialect, Integer> LEGACY_V1_CHECKSUMS =
            Map.of(Dialect.SQLITE, 235258773, Dialect.POSTGRESQL, -377746480);

    private Migrations() {}

    static Database run(Database db) {
        try {
            adoptLegacyV1(db);
            Flyway.configure()
                    .dataSource(db.pool())
                    .locations("classpath:" + LOCATION)
                    .placeholders(db.dialect().migrationPlaceholders())
                    .load()
                    .migrate();
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static void adoptLegacyV1(Database db) {
        int legacy = LEGACY_V1_CHECKSUMS.get(db.dialect());
        int merged = checksum(V1);
        db.write(tx -> {
            if (!Jdbc.exists(tx, tx.dialect().tableExistsSql(), "flyway_schema_history")) return 0;
            return Jdbc.update(
                    tx,
                    "UPDATE flyway_schema_history SET checksum = ? WHERE version = '1' AND checksum = ?",
                    merged,
                    legacy);
        });
    }

    /** Flyway's checksum of a classpath script: CRC-32 of its lines' UTF-8 bytes, without line breaks. */
    static int checksum(String resource) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing migration " + resource);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            CRC32 crc = new CRC32();
            String line;
            boolean first = true;
            while ((line = r.readLine()) != null) {
                if (first && line.startsWith("\uFEFF")) line = line.substring(1);
                first = false;
                crc.update(line.getBytes(StandardCharsets.UTF_8));
            }
            return (int) crc.getValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
