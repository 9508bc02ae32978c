package dev.coffer.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dotenv-export is for shells: sourcing it in a real bash sets exactly each value and runs nothing in it. */
class ShellExportTest {

    @TempDir
    Path dir;

    private List<String> hostile(Path marker) {
        String m = marker.toString();
        return List.of(
                "$(touch " + m + ")",
                "`touch " + m + "`",
                "\"$(touch " + m + ")\"",
                "'$(touch " + m + ")'",
                "it's; touch " + m,
                "a'\\''b",
                "back\\slash\\",
                "\\$(touch " + m + ")",
                "!! !$ !-1 history",
                "line one\nline two\n",
                "cr\rlf\r\n",
                "tab\there",
                "${HOME} $HOME $((1+1)) ~",
                "* ? [a-z] {a,b}",
                "'",
                "''",
                "\"",
                "\\",
                "",
                " leading and trailing ",
                "naïve ☃ 🚀 \u0001\u001b[31m",
                "plain-value_1.2:3@host/x,y+z");
    }

    @Test
    void sourcingTheExportInBashSetsEveryHostileValueExactlyAndRunsNothing() throws Exception {
        Path marker = dir.resolve("pwned");
        List<String> values = hostile(marker);
        List<Map.Entry<String, String>> secrets = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) secrets.add(Map.entry("V" + i, values.get(i)));
        Path exported = dir.resolve("secrets.sh");
        Files.writeString(exported, ExportFormat.DOTENV_EXPORT.write(secrets), StandardCharsets.UTF_8);

        StringBuilder script = new StringBuilder("set -e\nsource '" + exported + "'\n");
        for (int i = 0; i < values.size(); i++) {
            script.append("printf '%s' \"$V")
                    .append(i)
                    .append("\" > '")
                    .append(dir.resolve("out" + i))
                    .append("'\n");
        }
        // eval, as in eval "$(coffer export --format dotenv-export)", too
        script.append("unset V0\neval \"$(cat '").append(exported).append("')\"\n");
        script.append("printf '%s' \"$V0\" > '").append(dir.resolve("eval0")).append("'\n");
        Process bash = new ProcessBuilder("bash", "-c", script.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(output).isZero();

        for (int i = 0; i < values.size(); i++) {
            assertThat(Files.readAllBytes(dir.resolve("out" + i)))
                    .as("V%d", i)
                    .isEqualTo(values.get(i).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Files.readAllBytes(dir.resolve("eval0")))
                .isEqualTo(values.get(0).getBytes(StandardCharsets.UTF_8));
        assertThat(marker).doesNotExist();
    }

    @Test
    void safeValuesStayBareAndOthersAreSingleQuoted() {
        assertThat(ExportFormat.DOTENV_EXPORT.write(
                        List.of(Map.entry("A", "abc-DEF_1.2"), Map.entry("B", "it's $x"), Map.entry("C", ""))))
                .isEqualTo("export A=abc-DEF_1.2\nexport B='it'\\''s $x'\nexport C=''\n");
    }
}
