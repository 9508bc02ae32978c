package dev.coffer.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.formats.DotenvParser.ParseResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code DotenvParser.parse(DOTENV.write(x))} returns exactly {@code x}: export and re-import through
 * a .env file never changes a secret.
 */
class DotenvRoundTripTest {

    /** Values that have broken dotenv writers and readers before. */
    static final List<String> TRICKY = List.of(
            "",
            " ",
            "  ",
            "\t",
            "plain",
            "with space",
            " leading",
            "trailing ",
            "  both  ",
            "\"",
            "\"\"",
            "'",
            "''",
            "`",
            "``",
            "\"double\"",
            "'single'",
            "`backtick`",
            "it's",
            "say \"hi\"",
            "\"unbalanced",
            "'unbalanced",
            "`unbalanced",
            "mixed \"'` quotes",
            "\\",
            "\\\\",
            "a\\b",
            "C:\\Program Files\\x",
            "ends\\",
            "\\n",
            "\\\"",
            "\\$",
            "\\t literal",
            "$",
            "$$",
            "$VAR",
            "${VAR}",
            "${coffer.prod.DB}",
            "pre${X}post",
            "${A:-b}",
            "\\${X}",
            "cost $5",
            "#",
            "#hash",
            "a#b",
            "a #b",
            "a\t#b",
            "# comment-like",
            "x # y",
            "\n",
            "\n\n",
            "line1\nline2",
            "\nleading newline",
            "trailing newline\n",
            "\r",
            "\r\n",
            "a\r\nb",
            "\r\r\n\n",
            "a\rb",
            "\t\ttabs\t",
            "tab\there",
            "=",
            "==",
            "a=b",
            "=leading",
            "trailing=",
            "dGVzdA==",
            "KEY=VALUE",
            "unicode é ü ß",
            "日本語",
            "emoji 🚀🔐",
            "🚀",
            "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67",
            "\u0000",
            "nul\u0000inside",
            "\u0001\u0007\u001b\u007f",
            "\u000b\u000c",
            "\u0085",
            "\u2028\u2029",
            "\uFEFF",
            "\uFEFFbom-first",
            "\u00a0nbsp\u00a0",
            "export X=1",
            "KEY=\"x\"",
            "A='b'\nC=d",
            "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n",
            "{\"json\": [1, 2, {\"k\": \"v\"}]}",
            "postgres://u:p%40ss@h:5432/db?ssl=true&x=1#frag",
            "https://example.com/path",
            "user@example.com",
            "a,b,c",
            "1.2.3",
            "+-./:@_,",
            "-",
            "--flag",
            "true",
            "null",
            "0",
            "007",
            "1e3",
            "~",
            "*",
            "!",
            "!!",
            "&amp;",
            "<>",
            "|",
            ";",
            "a;b",
            "()",
            "[]",
            "{}",
            "?",
            "%",
            "^",
            "\\\n",
            "\"\\n\"",
            "'\\''");

    static String roundTrip(ExportFormat format, String value) {
        String written = format.write(List.of(Map.entry("KEY", value)));
        ParseResult r = DotenvParser.parse(written, "roundtrip.env");
        assertThat(r.problems())
                .as("problems reading back %s", printable(written))
                .isEmpty();
        assertThat(r.duplicates()).isEmpty();
        assertThat(r.entries())
                .as("entries reading back %s", printable(written))
                .hasSize(1);
        assertThat(r.entries().get(0).key()).isEqualTo("KEY");
        assertThat(r.entries().get(0).line()).isEqualTo(1);
        return r.entries().get(0).value();
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    @Test
    void everyTrickyValueSurvivesAWriteAndReadAsItsOwnFile() {
        for (String v : TRICKY) {
            assertThat(roundTrip(ExportFormat.DOTENV, v))
                    .as("dotenv %s", printable(v))
                    .isEqualTo(v);
            assertThat(roundTrip(ExportFormat.DOTENV_EXPORT, v))
                    .as("dotenv-export %s", printable(v))
                    .isEqualTo(asReadBack(v));
        }
    }

    /** What the parser reads back from shell-quoted text: it reads every line break as a line feed. */
    static String asReadBack(String v) {
        return v.replace("\r\n", "\n").replace('\r', '\n');
    }

    @Test
    void allTrickyValuesTogetherInOneFileSurviveInOrder() {
        List<Map.Entry<String, String>> secrets = new ArrayList<>();
        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 0; i < TRICKY.size(); i++) {
            secrets.add(Map.entry("K" + i, TRICKY.get(i)));
            expected.put("K" + i, TRICKY.get(i));
        }
        String written = ExportFormat.DOTENV.write(secrets);
        ParseResult r = DotenvParser.parse(written, "all.env");
        assertThat(r.problems()).isEmpty();
        assertThat(r.duplicates()).isEmpty();
        assertThat(DotenvParserTest.values(r)).containsExactlyEntriesOf(expected);
        // one line per secret: values never contain a raw line break
        assertThat(written.split("\n", -1)).hasSize(TRICKY.size() + 1);
        for (int i = 0; i < TRICKY.size(); i++) {
            assertThat(r.entries().get(i).line()).isEqualTo(i + 1);
        }
        Map<String, String> readBack = new LinkedHashMap<>();
        expected.forEach((k, v) -> readBack.put(k, asReadBack(v)));
        ParseResult shell = DotenvParser.parse(ExportFormat.DOTENV_EXPORT.write(secrets), "all.sh");
        assertThat(shell.problems()).isEmpty();
        assertThat(DotenvParserTest.values(shell)).containsExactlyEntriesOf(readBack);
    }

    @Test
    void aRandomisedRoundTripOverThousandsOfGeneratedValuesFromAFixedSeed() {
        Random random = new Random(20240607L);
        int[] pool = {
            ' ', ' ', '\t', '\n', '\r', '"', '"', '\'', '\'', '`', '\\', '\\', '$', '{', '}', '#', '#', '=', ',', ':',
            '/', '@', '.', '-', '_', '+', '!', '*', '?', '%', '&', ';', '|', '<', '>', '(', ')', '[', ']', '~', 'a',
            'b', 'z', 'A', 'Z', '0', '9', 'n', 'r', 't', 'x', 'u', 0, 1, 0x1b, 0x7f, 0x85, 0xa0, 0xe9, 0xfc, 0x2028,
            0x2029, 0xfeff, 0xfffd, 0x65e5, 0x1f680, 0x1f510, 0x10ffff, 0xe000
        };
        int rounds = 5000;
        List<Map.Entry<String, String>> all = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            int length = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(random.nextBoolean() ? 6 : 60);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < length; i++) {
                int c;
                int kind = random.nextInt(10);
                if (kind < 7) {
                    c = pool[random.nextInt(pool.length)];
                } else if (kind < 9) {
                    c = 0x20 + random.nextInt(0x5f); // printable ASCII
                } else {
                    do {
                        c = random.nextInt(0x110000); // any code point but a surrogate
                    } while (c >= 0xD800 && c <= 0xDFFF);
                }
                b.appendCodePoint(c);
            }
            String v = b.toString();
            assertThat(roundTrip(ExportFormat.DOTENV, v))
                    .as("round %d: %s", round, printable(v))
                    .isEqualTo(v);
            all.add(Map.entry("R" + round, v));
        }
        ParseResult r = DotenvParser.parse(ExportFormat.DOTENV_EXPORT.write(all), "random.env");
        assertThat(r.problems()).isEmpty();
        assertThat(r.entries()).hasSize(rounds);
        for (int i = 0; i < rounds; i++) {
            assertThat(r.entries().get(i).key()).isEqualTo(all.get(i).getKey());
            assertThat(r.entries().get(i).value())
                    .as("R%d", i)
                    .isEqualTo(asReadBack(all.get(i).getValue()));
        }
    }

    @Test
    void safeValuesAreWrittenBareAndEverythingElseInDoubleQuotes() {
        assertThat(ExportFormat.DOTENV.write(List.of(
                        Map.entry("PLAIN", "abc-DEF_123"),
                        Map.entry("URL", "https://user:pw@host.example:8443/a/b,c+d"),
                        Map.entry("EMPTY", ""),
                        Map.entry("SPACE", "a b"),
                        Map.entry("QUERY", "https://h/?a=1"),
                        Map.entry("ESCAPES", "back\\slash \"quote\" $dollar ${ref}\nnew\rret\ttab"),
                        Map.entry("OTHERS", "it's `tick` #hash é 🚀"))))
                .isEqualTo("""
                PLAIN=abc-DEF_123
                URL=https://user:pw@host.example:8443/a/b,c+d
                EMPTY=""
                SPACE="a b"
                QUERY="https://h/?a=1"
                ESCAPES="back\\\\slash \\"quote\\" \\$dollar \\${ref}\\nnew\\rret\\ttab"
                OTHERS="it's `tick` #hash é 🚀"
                """);
    }

    @Test
    void dotenvExportPrefixesEveryLine() {
        assertThat(ExportFormat.DOTENV_EXPORT.write(List.of(Map.entry("A", "1"), Map.entry("B", "two words"))))
                .isEqualTo("export A=1\nexport B='two words'\n");
    }

    @Test
    void anEmptyListIsAnEmptyFile() {
        assertThat(ExportFormat.DOTENV.write(List.of())).isEmpty();
        assertThat(ExportFormat.DOTENV_EXPORT.write(List.of())).isEmpty();
    }

    @Test
    void keysThatCannotBeReadBackAreRefusedNamingTheKeyButNotTheValue() {
        for (String bad : List.of("1ABC", "HAS SPACE", "a=b", "", "ÜBER", "quote\"", "line\nbreak")) {
            for (ExportFormat f : List.of(ExportFormat.DOTENV, ExportFormat.DOTENV_EXPORT)) {
                assertThatThrownBy(() -> f.write(List.of(Map.entry(bad, "the-secret-value"))))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(bad)
                        .hasMessageContaining("json, yaml or csv")
                        .hasMessageNotContaining("the-secret-value");
            }
        }
    }

    @Test
    void everyKeyTheParserAcceptsCanBeWritten() {
        List<Map.Entry<String, String>> keys =
                List.of(Map.entry("_", "1"), Map.entry("a.b-c", "2"), Map.entry("export", "3"), Map.entry("x-", "4"));
        assertThat(DotenvParserTest.values(DotenvParser.parse(ExportFormat.DOTENV.write(keys), "k")))
                .containsExactly(
                        Map.entry("_", "1"), Map.entry("a.b-c", "2"), Map.entry("export", "3"), Map.entry("x-", "4"));
        // a shell variable name has no '.' or '-': dotenv-export refuses such keys, naming them
        assertThatThrownBy(() -> ExportFormat.DOTENV_EXPORT.write(keys))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a.b-c'")
                .hasMessageContaining("shell variable name");
        assertThat(DotenvParserTest.values(
                        DotenvParser.parse(ExportFormat.DOTENV_EXPORT.write(List.of(keys.get(0), keys.get(2))), "k")))
                .containsExactly(Map.entry("_", "1"), Map.entry("export", "3"));
    }
}
