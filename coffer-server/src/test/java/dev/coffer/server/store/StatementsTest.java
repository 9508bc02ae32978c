package dev.coffer.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.TempDirs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The prepared statements kept per SQLite connection, on a real SQLite file. */
class StatementsTest {

    private Connection reader;
    private Connection writer;

    @BeforeEach
    void open() throws Exception {
        Path file = TempDirs.make("coffer-statements-").resolve("t.db");
        writer = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = writer.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v INTEGER)");
            s.execute("INSERT INTO t VALUES (1, 1), (2, 2)");
        }
        reader = DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    @AfterEach
    void close() throws Exception {
        reader.close();
        writer.close();
    }

    private static int first(Statements.Lease lease) throws Exception {
        try (ResultSet rs = lease.statement().executeQuery()) {
            rs.next(); // one row of two, as Jdbc.one reads
            return rs.getInt(1);
        }
    }

    @Test
    void theSameSqlGetsTheSameStatementBackAndItSeesCommitsMadeSince() throws Exception {
        Statements statements = Statements.of(reader);
        Statements.Lease a = statements.take("SELECT v FROM t ORDER BY k");
        assertThat(first(a)).isEqualTo(1);
        statements.give(a);

        try (Statement s = writer.createStatement()) {
            s.execute("UPDATE t SET v = 10 WHERE k = 1");
        }
        Statements.Lease b = statements.take("SELECT v FROM t ORDER BY k");
        assertThat(b.statement()).isSameAs(a.statement());
        assertThat(first(b)).as("a kept statement holds no old snapshot").isEqualTo(10);
        statements.give(b);
        assertThat(Statements.of(reader)).isSameAs(statements);
    }

    @Test
    void aStatementInUseIsNotHandedOutTwiceAndTheExtraOneIsClosedAfterItsUse() throws Exception {
        Statements statements = Statements.of(reader);
        Statements.Lease outer = statements.take("SELECT v FROM t WHERE k = ?");
        Statements.Lease inner = statements.take("SELECT v FROM t WHERE k = ?");

        assertThat(inner.statement()).isNotSameAs(outer.statement());
        assertThat(inner.cached()).isFalse();
        statements.give(inner);
        assertThat(inner.statement().isClosed()).isTrue();
        statements.give(outer);
        assertThat(outer.statement().isClosed()).isFalse();
    }

    @Test
    void beyondTheBoundTheLeastRecentlyUsedStatementIsClosed() throws Exception {
        Statements statements = Statements.of(reader);
        Statements.Lease oldest = statements.take("SELECT v FROM t WHERE k = 0");
        statements.give(oldest);
        for (int i = 1; i <= Statements.MAX; i++) statements.give(statements.take("SELECT v FROM t WHERE k = " + i));

        assertThat(oldest.statement().isClosed()).isTrue();
        Statements.Lease again = statements.take("SELECT v FROM t WHERE k = 0");
        assertThat(again.statement().isClosed()).isFalse();
        statements.give(again);
    }
}
