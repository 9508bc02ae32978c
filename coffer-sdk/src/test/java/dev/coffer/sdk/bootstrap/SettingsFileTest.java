package dev.coffer.sdk.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The minimal {@code .env} parser: only wanted keys, quotes, comments, {@code export}. */
class SettingsFileTest {

    private static final Set<String> WANTED = Set.of("A", "B", "C", "D", "E", "F", "G", "H");

    @Test
    void quotesCommentsAndExportAreUnderstood() {
        SettingsFile.Parsed p = SettingsFile.parse(
                String.join(
                        "\n",
                        "\uFEFF# a comment",
                        "export A=plain value  # trailing comment",
                        "B='single # not a comment'",
                        "C=\"double \\\"quoted\\\" \\n line\"  # comment",
                        "  D =  spaced  ",
                        "E=has#hash",
                        "F=",
                        "G=first",
                        "G=second"),
                WANTED);
        assertThat(p.values())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "A", "plain value",
                        "B", "single # not a comment",
                        "C", "double \"quoted\" \n line",
                        "D", "spaced",
                        "E", "has#hash",
                        "F", "",
                        "G", "second"));
        assertThat(p.malformedLines()).isEmpty();
    }

    @Test
    void otherKeysAreDroppedAndMalformedLinesAreCountedByNumberOnly() {
        SettingsFile.Parsed p = SettingsFile.parse(
                String.join(
                        "\r\n",
                        "SECRET_TOKEN=abc",
                        "A=ok",
                        "no equals sign here",
                        "B=\"unterminated",
                        "1BAD=x",
                        "C='closed' trailing"),
                WANTED);
        assertThat(p.values()).containsExactly(Map.entry("A", "ok"));
        assertThat(p.ignoredKeys()).isEqualTo(1);
        assertThat(p.malformedLines()).isEqualTo(List.of(3, 4, 5, 6));
    }
}
