package dev.coffer.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.formats.DotenvParser;
import dev.coffer.formats.ExportFormat;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The console reads a pasted {@code .env} file and writes a download with the same parser and writers
 * as the command line's import and export (module coffer-formats): a file reads the same way in both,
 * and a download is what {@code coffer export} would write.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleEnvFilesTest {

    static final String TRICKY = "a \"quoted\" $HOME\nsecond line";

    TestServer server;
    String projectId;

    @BeforeAll
    void start() {
        server = TestServer.start(Backend.SQLITE);
        Fixtures f = new Fixtures(server.api());
        f.admin();
        projectId = f.project("files");
        f.secret(projectId, "dev", "/", "PLAIN", "abc");
        f.secret(projectId, "dev", "/", "TRICKY", TRICKY);
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    ConsoleClient signedIn() {
        ConsoleClient c = new ConsoleClient(server.api().base());
        assertThat(c.login("admin@example.com", "correct horse battery").status())
                .isEqualTo(303);
        c.get("/");
        return c;
    }

    @Test
    void aDownloadedEnvFileIsWhatTheCommandLinesExportWritesAndReadsBackToTheSameValues() {
        ConsoleClient c = signedIn();
        ConsoleClient.Page p = c.post(
                "/projects/" + projectId + "/env/dev/download", c.withCsrf(Map.of("path", "/", "format", "env")));
        assertThat(p.status()).isEqualTo(200);
        assertThat(p.body())
                .isEqualTo(ExportFormat.DOTENV.write(List.of(Map.entry("PLAIN", "abc"), Map.entry("TRICKY", TRICKY))));
        DotenvParser.ParseResult back = DotenvParser.parse(p.body(), "download");
        assertThat(back.entries())
                .extracting(DotenvParser.Entry::key, DotenvParser.Entry::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("PLAIN", "abc"),
                        org.assertj.core.groups.Tuple.tuple("TRICKY", TRICKY));
    }

    @Test
    void aPastedFileIsReadAsTheCommandLineReadsItWithItsMessageForALineItCannotRead() {
        ConsoleClient c = signedIn();
        // single quotes spanning lines and an inline comment: read by the shared parser, not a simpler one
        String text = "MULTI='one\ntwo'\nWITH_COMMENT=value # note\nnot a line\n";
        ConsoleClient.Page p = c.post(
                "/projects/" + projectId + "/env/dev/import",
                c.withCsrf(Map.of("path", "/", "dotenv", text, "step", "preview")));
        assertThat(p.status()).isEqualTo(200);
        assertThat(p.body())
                .contains("create MULTI")
                .contains("create WITH_COMMENT")
                .contains("line 4: this line is not a KEY=value assignment");
    }
}
