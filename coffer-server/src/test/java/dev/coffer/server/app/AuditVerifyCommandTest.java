package dev.coffer.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.audit.StoredBlocks;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * {@code coffer audit verify} on the database of a stopped server, with the server's settings: exit 0
 * for an intact chain, 1 naming the first broken link, 2 when there is no database.
 */
class AuditVerifyCommandTest {

    private record Run(int exit, String out, String err) {}

    private static Run verify(Map<String, String> env, String... args) {
        AuditCommand.Verify command = new AuditCommand.Verify();
        command.env = env;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(command)
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Run verify(TestServer s) {
        Map<String, String> env = new HashMap<>();
        if (s.jdbcUrl() != null) {
            env.put("COFFER_DATABASE_URL", s.jdbcUrl());
            env.put("COFFER_DATABASE_USER", "postgres");
        }
        return verify(env, "--data-dir", s.dataDir().toString());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anIntactTrailExitsZeroAndAnEditedOneExitsOneNamingTheLink(Backend backend) throws Exception {
        try (TestServer server = TestServer.start(backend)) {
            Fixtures f = new Fixtures(server.api());
            f.project("verified");
            server.stop();

            Run ok = verify(server);
            assertThat(ok.exit()).as(ok.err()).isZero();
            assertThat(ok.out()).contains("intact");

            try (Connection c = backend == Backend.POSTGRES
                            ? DriverManager.getConnection(server.directJdbcUrl(), "postgres", null)
                            : DriverManager.getConnection(server.directJdbcUrl());
                    Statement s = c.createStatement()) {
                String events;
                try (ResultSet rs = s.executeQuery("SELECT events FROM audit_blocks WHERE first_seq = 1")) {
                    assertThat(rs.next()).isTrue();
                    events = rs.getString(1);
                }
                try (PreparedStatement edit =
                        c.prepareStatement("UPDATE audit_blocks SET events = ? WHERE first_seq = 1")) {
                    edit.setString(1, StoredBlocks.withAFieldChanged(events));
                    edit.executeUpdate();
                }
            }
            Run broken = verify(server);
            assertThat(broken.exit()).isEqualTo(1);
            assertThat(broken.err()).contains("broken at sequence 1").contains("changed");
        }
    }

    @Test
    void aDirectoryWithoutADatabaseExitsTwoAndSaysWhatToPass(@TempDir Path empty) {
        Run r = verify(Map.of(), "--data-dir", empty.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--data-dir");
    }
}
