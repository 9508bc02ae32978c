package dev.coffer.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ExportFormat}: names, and the json, yaml and csv writers (dotenv is in {@link DotenvRoundTripTest}). */
class ExportFormatTest {

    static List<Map.Entry<String, String>> entries(String... keyValues) {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            list.add(Map.entry(keyValues[i], keyValues[i + 1]));
        }
        return list;
    }

    static List<Map.Entry<String, String>> tricky() {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        for (int i = 0; i < DotenvRoundTripTest.TRICKY.size(); i++) {
            list.add(Map.entry("K" + i, DotenvRoundTripTest.TRICKY.get(i)));
        }
        return list;
    }

    static List<Map.Entry<String, String>> random(long seed, int count) {
        Random random = new Random(seed);
        String pool =
                " \t\n\r\"'`\\$#=,:-{}[]&*!|>%@?~aZ09é\u0000\u0001\u001b\u007f\u0085\u00a0\u2028\u2029\uFEFF\uFFFE\uFFFF";
        List<Map.Entry<String, String>> list = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(30);
            for (int i = 0; i < length; i++) {
                switch (random.nextInt(8)) {
                    case 0 -> b.appendCodePoint(0x1F300 + random.nextInt(0x300));
                    case 1 -> b.append((char) (0x20 + random.nextInt(0x5f)));
                    case 2 -> {
                        int c;
                        do {
                            c = random.nextInt(0x110000);
                        } while (c >= 0xD800 && c <= 0xDFFF);
                        b.appendCodePoint(c);
                    }
                    default -> b.append(pool.charAt(random.nextInt(pool.length())));
                }
            }
            list.add(Map.entry("R" + n, b.toString()));
        }
        return list;
    }

    static Map<String, String> asMap(List<Map.Entry<String, String>> list) {
        Map<String, String> m = new LinkedHashMap<>();
        list.forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    // ---- names -------------------------------------------------------------------------------------

    @Test
    void eachFormatHasItsCommandLineName() {
        assertThat(ExportFormat.values())
                .extracting(ExportFormat::id)
                .containsExactly("dotenv", "dotenv-export", "json", "yaml", "csv");
        assertThat(ExportFormat.DOTENV_EXPORT).hasToString("dotenv-export");
    }

    @Test
    void parsingIgnoresCaseAndSurroundingSpaces() {
        assertThat(ExportFormat.parse("dotenv")).isEqualTo(ExportFormat.DOTENV);
        assertThat(ExportFormat.parse("DOTENV-EXPORT")).isEqualTo(ExportFormat.DOTENV_EXPORT);
        assertThat(ExportFormat.parse("Json")).isEqualTo(ExportFormat.JSON);
        assertThat(ExportFormat.parse(" yaml ")).isEqualTo(ExportFormat.YAML);
        assertThat(ExportFormat.parse("CSV")).isEqualTo(ExportFormat.CSV);
        for (ExportFormat f : ExportFormat.values()) {
            assertThat(ExportFormat.parse(f.id())).isEqualTo(f);
        }
    }

    @Test
    void anUnknownNameIsRejectedListingTheChoices() {
        for (String bad : List.of("xml", "dotenv_export", "yml", "", "DOTENV EXPORT")) {
            assertThatThrownBy(() -> ExportFormat.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unknown export format")
                    .hasMessageContaining("choose one of: dotenv, dotenv-export, json, yaml, csv");
        }
        assertThatThrownBy(() -> ExportFormat.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("choose one of: dotenv, dotenv-export, json, yaml, csv");
    }

    // ---- common checks -----------------------------------------------------------------------------

    @Test
    void repeatedKeysAreRefusedByEveryFormat() {
        for (ExportFormat f : ExportFormat.values()) {
            assertThatThrownBy(() -> f.write(entries("A", "secret-1", "A", "secret-2")))
                    .as(f.id())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("A appears more than once")
                    .hasMessageNotContaining("secret-1")
                    .hasMessageNotContaining("secret-2");
        }
    }

    @Test
    void nullKeysValuesAndListsAreRefused() {
        List<Map.Entry<String, String>> nullValue = new ArrayList<>();
        nullValue.add(new java.util.AbstractMap.SimpleEntry<>("K", null));
        List<Map.Entry<String, String>> nullKey = new ArrayList<>();
        nullKey.add(new java.util.AbstractMap.SimpleEntry<>(null, "v"));
        for (ExportFormat f : ExportFormat.values()) {
            assertThatThrownBy(() -> f.write(nullValue))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("K has no value");
            assertThatThrownBy(() -> f.write(nullKey))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("#1 has no key");
            assertThatThrownBy(() -> f.write(null)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void everyFormatEndsWithALineBreak() {
        for (ExportFormat f : ExportFormat.values()) {
            assertThat(f.write(entries("A", "1"))).as(f.id()).endsWith("\n");
        }
    }

    // ---- json --------------------------------------------------------------------------------------

    final ObjectMapper mapper = new ObjectMapper();

    Map<String, String> read(String json) throws Exception {
        return mapper.readValue(json, new TypeReference<LinkedHashMap<String, String>>() {});
    }

    @Test
    void jsonIsAPrettyPrintedObjectInTheGivenOrder() {
        assertThat(ExportFormat.JSON.write(entries("B", "2", "A", "say \"hi\"\n")))
                .isEqualTo("""
                {
                  "B" : "2",
                  "A" : "say \\"hi\\"\\n"
                }
                """);
    }

    @Test
    void jsonOfAnEmptyListIsAnEmptyObject() throws Exception {
        assertThat(read(ExportFormat.JSON.write(List.of()))).isEmpty();
    }

    @Test
    void jsonOfTrickyValuesParsesBackWithJacksonToTheSameMapInOrder() throws Exception {
        List<Map.Entry<String, String>> secrets = tricky();
        Map<String, String> back = read(ExportFormat.JSON.write(secrets));
        assertThat(back).containsExactlyEntriesOf(asMap(secrets));
    }

    @Test
    void jsonOfRandomValuesAndAnyKeyParsesBackToTheSameMap() throws Exception {
        List<Map.Entry<String, String>> secrets = random(7L, 2000);
        secrets.add(Map.entry("key with spaces \"and quotes\"", "v"));
        secrets.add(Map.entry("", "empty key"));
        secrets.add(Map.entry("ÜBER\n", "x"));
        assertThat(read(ExportFormat.JSON.write(secrets))).containsExactlyEntriesOf(asMap(secrets));
    }

    // ---- yaml --------------------------------------------------------------------------------------

    @Test
    void yamlWritesEachSecretOnOneLineWithADoubleQuotedValue() {
        assertThat(ExportFormat.YAML.write(entries("DB_URL", "postgres://h:5432/db", "EMPTY", "", "a.b-c", "x")))
                .isEqualTo("DB_URL: \"postgres://h:5432/db\"\nEMPTY: \"\"\na.b-c: \"x\"\n");
    }

    @Test
    void yamlEscapesQuotesAndBackslashes() {
        assertThat(ExportFormat.YAML.write(entries("K", "say \"hi\" C:\\dir\\ 'single' `tick`")))
                .isEqualTo("K: \"say \\\"hi\\\" C:\\\\dir\\\\ 'single' `tick`\"\n");
    }

    @Test
    void yamlWritesLineBreaksAndTabsAsShortEscapes() {
        assertThat(ExportFormat.YAML.write(entries("PEM", "-----BEGIN-----\nabc\r\n\tdef\n")))
                .isEqualTo("PEM: \"-----BEGIN-----\\nabc\\r\\n\\tdef\\n\"\n");
    }

    @Test
    void yamlWritesOtherControlCharactersAsHexEscapes() {
        assertThat(ExportFormat.YAML.write(entries("K", "\u0000\u0001\u0007\u0008\u000b\u000c\u001b\u001f\u007f")))
                .isEqualTo("K: \"\\x00\\x01\\x07\\x08\\x0B\\x0C\\x1B\\x1F\\x7F\"\n");
        assertThat(ExportFormat.YAML.write(entries("K", "\u0080\u0085\u009f"))).isEqualTo("K: \"\\x80\\x85\\x9F\"\n");
    }

    @Test
    void yamlWritesUnicodeLineSeparatorsByteOrderMarksAndNonCharactersAsUnicodeEscapes() {
        assertThat(ExportFormat.YAML.write(entries("K", "a\u2028b\u2029c\uFEFFd\uFFFEe\uFFFF")))
                .isEqualTo("K: \"a\\u2028b\\u2029c\\uFEFFd\\uFFFEe\\uFFFF\"\n");
    }

    @Test
    void yamlEscapesUnpairedSurrogatesAndWritesPairsAsIs() {
        assertThat(ExportFormat.YAML.write(entries("K", "\uD800x\uDC00🚀"))).isEqualTo("K: \"\\uD800x\\uDC00🚀\"\n");
    }

    @Test
    void yamlWritesPrintableUnicodeAndIndicatorCharactersAsIsInsideTheQuotes() {
        String v = "héllo 日本 🚀 \u00a0nbsp # not a comment: - [x] {y} &a *b !c |d >e % @ ` ${REF} ~ ? '";
        assertThat(ExportFormat.YAML.write(entries("K", v))).isEqualTo("K: \"" + v + "\"\n");
    }

    @Test
    void yamlKeepsLeadingAndTrailingSpacesInsideTheQuotes() {
        assertThat(ExportFormat.YAML.write(entries("K", "  padded  "))).isEqualTo("K: \"  padded  \"\n");
    }

    @Test
    void yamlQuotesKeysThatYamlWouldReadAsBooleansOrNull() {
        assertThat(ExportFormat.YAML.write(entries(
                        "yes",
                        "1",
                        "No",
                        "2",
                        "ON",
                        "3",
                        "off",
                        "4",
                        "y",
                        "5",
                        "N",
                        "6",
                        "true",
                        "7",
                        "False",
                        "8",
                        "null",
                        "9",
                        "NULL_ISH",
                        "10",
                        "yesterday",
                        "11")))
                .isEqualTo("""
                        "yes": "1"
                        "No": "2"
                        "ON": "3"
                        "off": "4"
                        "y": "5"
                        "N": "6"
                        "true": "7"
                        "False": "8"
                        "null": "9"
                        NULL_ISH: "10"
                        yesterday: "11"
                        """);
    }

    @Test
    void yamlQuotesAndEscapesKeysOutsideTheDotenvNamingRule() {
        assertThat(ExportFormat.YAML.write(entries(
                        "has space", "1", "1st", "2", "a:b", "3", "q\"\n", "4", "", "5", "~", "6", "-dash", "7")))
                .isEqualTo("""
                        "has space": "1"
                        "1st": "2"
                        "a:b": "3"
                        "q\\"\\n": "4"
                        "": "5"
                        "~": "6"
                        "-dash": "7"
                        """);
    }

    @Test
    void yamlOfAnEmptyListIsAnEmptyMapping() {
        assertThat(ExportFormat.YAML.write(List.of())).isEqualTo("{}\n");
    }

    @Test
    void everyYamlLineDecodesBackToTheSameKeyAndValue() {
        List<Map.Entry<String, String>> secrets = new ArrayList<>(tricky());
        secrets.addAll(random(11L, 2000));
        secrets.add(Map.entry("surrogates", "\uD800\uDBFF\uDC00x\uDFFF"));
        String yaml = ExportFormat.YAML.write(secrets);
        assertThat(yaml.split("\n", -1)).hasSize(secrets.size() + 1);
        assertThat(MiniYaml.read(yaml)).containsExactlyEntriesOf(asMap(secrets));
    }

    /**
     * A reader for exactly the YAML the writer produces ({@code key: "value"} lines), implementing
     * the double-quoted escapes of YAML 1.2 section 5.7, to check the escaping independently.
     */
    static final class MiniYaml {
        static Map<String, String> read(String yaml) {
            Map<String, String> out = new LinkedHashMap<>();
            for (String line : yaml.split("\n")) {
                int[] pos = {0};
                String key;
                if (line.startsWith("\"")) {
                    key = quoted(line, pos);
                } else {
                    int colon = line.indexOf(": ");
                    key = line.substring(0, colon);
                    pos[0] = colon;
                }
                assertThat(line.substring(pos[0])).startsWith(": \"");
                pos[0] += 2;
                String value = quoted(line, pos);
                assertThat(pos[0]).as("nothing after the value: %s", line).isEqualTo(line.length());
                assertThat(out.put(key, value)).as("duplicate %s", key).isNull();
            }
            return out;
        }

        static String quoted(String s, int[] pos) {
            assertThat(s.charAt(pos[0])).isEqualTo('"');
            StringBuilder b = new StringBuilder();
            int i = pos[0] + 1;
            while (true) {
                char c = s.charAt(i);
                if (c == '"') {
                    pos[0] = i + 1;
                    return b.toString();
                }
                assertThat((int) c)
                        .as("raw character that YAML does not allow unescaped")
                        .matches(ch -> ch == 0x9
                                || (ch >= 0x20 && ch <= 0x7e)
                                || (ch >= 0xa0 && ch <= 0xfffd && ch != 0x2028 && ch != 0x2029 && ch != 0xfeff));
                if (c != '\\') {
                    b.append(c);
                    i++;
                    continue;
                }
                char e = s.charAt(i + 1);
                i += 2;
                switch (e) {
                    case '0' -> b.append('\0');
                    case 'a' -> b.append('\u0007');
                    case 'b' -> b.append('\b');
                    case 't', '\t' -> b.append('\t');
                    case 'n' -> b.append('\n');
                    case 'v' -> b.append('\u000b');
                    case 'f' -> b.append('\f');
                    case 'r' -> b.append('\r');
                    case 'e' -> b.append('\u001b');
                    case ' ' -> b.append(' ');
                    case '"' -> b.append('"');
                    case '/' -> b.append('/');
                    case '\\' -> b.append('\\');
                    case 'N' -> b.append('\u0085');
                    case '_' -> b.append('\u00a0');
                    case 'L' -> b.append('\u2028');
                    case 'P' -> b.append('\u2029');
                    case 'x' -> {
                        b.append((char) Integer.parseInt(s.substring(i, i + 2), 16));
                        i += 2;
                    }
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    case 'U' -> {
                        b.appendCodePoint(Integer.parseInt(s.substring(i, i + 8), 16));
                        i += 8;
                    }
                    default -> throw new AssertionError("invalid YAML escape \\" + e);
                }
            }
        }
    }

    // ---- csv ---------------------------------------------------------------------------------------

    @Test
    void csvIsAHeaderThenOneRecordPerSecretEachEndingWithCrlf() {
        assertThat(ExportFormat.CSV.write(entries("A", "1", "B", "", "C", "two words")))
                .isEqualTo("key,value\r\nA,1\r\nB,\r\nC,two words\r\n");
    }

    @Test
    void csvQuotesFieldsWithCommasQuotesOrLineBreaksAndDoublesQuotes() {
        assertThat(ExportFormat.CSV.write(entries(
                        "A",
                        "x,y",
                        "B",
                        "say \"hi\"",
                        "C",
                        "l1\nl2",
                        "D",
                        "cr\rx",
                        "E",
                        "\"",
                        "F",
                        "'single' `tick` \\ $X #")))
                .isEqualTo("key,value\r\n"
                        + "A,\"x,y\"\r\n"
                        + "B,\"say \"\"hi\"\"\"\r\n"
                        + "C,\"l1\nl2\"\r\n"
                        + "D,\"cr\rx\"\r\n"
                        + "E,\"\"\"\"\r\n"
                        + "F,'single' `tick` \\ $X #\r\n");
    }

    @Test
    void csvDoesNotAlterSpreadsheetFormulaLookingValues() {
        assertThat(ExportFormat.CSV.write(entries("F", "=SUM(A1)", "G", "+1", "H", "@x", "I", " padded ")))
                .isEqualTo("key,value\r\nF,=SUM(A1)\r\nG,+1\r\nH,@x\r\nI, padded \r\n");
    }

    @Test
    void csvOfAnEmptyListIsJustTheHeader() {
        assertThat(ExportFormat.CSV.write(List.of())).isEqualTo("key,value\r\n");
    }

    @Test
    void csvOfTrickyAndRandomValuesRoundTripsThroughAnRfc4180Reader() {
        List<Map.Entry<String, String>> secrets = new ArrayList<>(tricky());
        secrets.addAll(random(13L, 2000));
        secrets.add(Map.entry("key,with \"quotes\"\r\n", "v"));
        List<List<String>> rows = Rfc4180.read(ExportFormat.CSV.write(secrets));
        assertThat(rows.get(0)).containsExactly("key", "value");
        assertThat(rows).hasSize(secrets.size() + 1);
        for (int i = 0; i < secrets.size(); i++) {
            assertThat(rows.get(i + 1))
                    .as("row %d", i + 1)
                    .containsExactly(secrets.get(i).getKey(), secrets.get(i).getValue());
        }
    }

    /** A strict RFC 4180 reader: CRLF between records, quoted fields with doubled quotes. */
    static final class Rfc4180 {
        static List<List<String>> read(String csv) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            int i = 0;
            int n = csv.length();
            while (i < n) {
                if (csv.charAt(i) == '"') {
                    i++;
                    while (true) {
                        assertThat(i).as("unterminated quoted field").isLessThan(n);
                        char c = csv.charAt(i);
                        if (c == '"') {
                            if (i + 1 < n && csv.charAt(i + 1) == '"') {
                                field.append('"');
                                i += 2;
                                continue;
                            }
                            i++;
                            break;
                        }
                        field.append(c);
                        i++;
                    }
                } else {
                    while (i < n && csv.charAt(i) != ',' && csv.charAt(i) != '\r') {
                        char c = csv.charAt(i);
                        assertThat(c)
                                .as("bare quote or LF in an unquoted field")
                                .isNotIn('"', '\n');
                        field.append(c);
                        i++;
                    }
                }
                row.add(field.toString());
                field.setLength(0);
                assertThat(i).as("every record ends with CRLF").isLessThan(n);
                if (csv.charAt(i) == ',') {
                    i++;
                } else {
                    assertThat(csv.startsWith("\r\n", i))
                            .as("CRLF after a record at %d", i)
                            .isTrue();
                    i += 2;
                    rows.add(row);
                    row = new ArrayList<>();
                }
            }
            return rows;
        }
    }
}
