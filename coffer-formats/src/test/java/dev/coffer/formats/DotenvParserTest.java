package dev.coffer.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.formats.DotenvParser.Duplicate;
import dev.coffer.formats.DotenvParser.Entry;
import dev.coffer.formats.DotenvParser.ParseResult;
import dev.coffer.formats.DotenvParser.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link DotenvParser}: every piece of .env syntax that teams migrating to Coffer have in their files. */
class DotenvParserTest {

    static ParseResult parse(String... lines) {
        return DotenvParser.parse(String.join("\n", lines), "test.env");
    }

    static Map<String, String> values(ParseResult r) {
        Map<String, String> m = new LinkedHashMap<>();
        r.entries().forEach(e -> m.put(e.key(), e.value()));
        return m;
    }

    static String value(String content) {
        ParseResult r = DotenvParser.parse(content, "test.env");
        assertThat(r.problems()).as("problems for %s", content).isEmpty();
        assertThat(r.entries()).as("entries for %s", content).hasSize(1);
        return r.entries().get(0).value();
    }

    static void assertClean(ParseResult r) {
        assertThat(r.problems()).isEmpty();
        assertThat(r.duplicates()).isEmpty();
    }

    // ---- basics ------------------------------------------------------------------------------------

    @Test
    void aSimpleAssignmentGivesOneEntryWithItsLineNumber() {
        ParseResult r = parse("KEY=value");
        assertClean(r);
        assertThat(r.entries()).containsExactly(new Entry("KEY", "value", 1));
        assertThat(r.sourceName()).isEqualTo("test.env");
    }

    @Test
    void emptyContentGivesAnEmptyResult() {
        ParseResult r = DotenvParser.parse("", "empty.env");
        assertThat(r.entries()).isEmpty();
        assertThat(r.problems()).isEmpty();
        assertThat(r.duplicates()).isEmpty();
        assertThat(r.sourceName()).isEqualTo("empty.env");
    }

    @Test
    void entriesKeepFileOrderAndLineNumbers() {
        ParseResult r = parse("B=2", "", "A=1", "# c", "C=3");
        assertClean(r);
        assertThat(r.entries()).containsExactly(new Entry("B", "2", 1), new Entry("A", "1", 3), new Entry("C", "3", 5));
    }

    @Test
    void blankLinesWhitespaceOnlyLinesAndCommentsAreIgnored() {
        ParseResult r = parse(
                "",
                "   ",
                "\t",
                "# comment",
                "   # indented comment",
                "\t#tab comment",
                "#KEY=commented-out",
                "KEY=v",
                "");
        assertClean(r);
        assertThat(r.entries()).containsExactly(new Entry("KEY", "v", 8));
    }

    @Test
    void contentWithoutATrailingNewlineReadsTheLastLine() {
        assertThat(values(DotenvParser.parse("A=1\nB=2", "x")))
                .containsExactly(Map.entry("A", "1"), Map.entry("B", "2"));
    }

    @Test
    void keysAreCaseSensitive() {
        ParseResult r = parse("key=lower", "KEY=upper");
        assertClean(r);
        assertThat(values(r)).containsExactly(Map.entry("key", "lower"), Map.entry("KEY", "upper"));
    }

    @Test
    void nullArgumentsAreRejected() {
        assertThatThrownBy(() -> DotenvParser.parse(null, "x")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> DotenvParser.parse("A=1", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theResultListsAreImmutable() {
        ParseResult r = parse("A=1");
        assertThatThrownBy(() -> r.entries().add(new Entry("B", "2", 2)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    // ---- keys --------------------------------------------------------------------------------------

    @Test
    void validKeysUseLettersDigitsUnderscoreDotAndDash() {
        ParseResult r = parse(
                "_=1",
                "_PRIVATE=2",
                "lower_case=3",
                "a.b-c_1=4",
                "X9=5",
                "SPRING.DATASOURCE.URL=6",
                "my-key=7",
                "trailing.-=8");
        assertClean(r);
        assertThat(r.entries())
                .extracting(Entry::key)
                .containsExactly(
                        "_",
                        "_PRIVATE",
                        "lower_case",
                        "a.b-c_1",
                        "X9",
                        "SPRING.DATASOURCE.URL",
                        "my-key",
                        "trailing.-");
    }

    @Test
    void keysThatBreakTheNamingRuleAreProblemsOnTheirLine() {
        ParseResult r = parse("1KEY=a", "MY KEY=b", "KÉY=c", ".KEY=d", "-KEY=e", "KEY$=f", "\"KEY\"=g", "GOOD=h");
        assertThat(r.problems()).extracting(Problem::line).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(r.problems())
                .allSatisfy(p -> assertThat(p.message())
                        .contains("not a valid name")
                        .contains("must start with a letter or '_'")
                        .contains("rename"));
        assertThat(r.entries()).containsExactly(new Entry("GOOD", "h", 8));
    }

    @Test
    void spacesAndTabsAroundTheKeyAndTheEqualsSignAreIgnored() {
        ParseResult r = parse("A = 1", "  B=2", "C  =3", "D=  4", "\tE\t=\t5\t", " \t F \t = \t 6 \t ");
        assertClean(r);
        assertThat(values(r))
                .containsExactly(
                        Map.entry("A", "1"),
                        Map.entry("B", "2"),
                        Map.entry("C", "3"),
                        Map.entry("D", "4"),
                        Map.entry("E", "5"),
                        Map.entry("F", "6"));
    }

    @Test
    void theExportPrefixIsDropped() {
        ParseResult r =
                parse("export A=1", "export\tB=2", "  export   C = 3", "export D=\"quoted\"", "export E='single'");
        assertClean(r);
        assertThat(values(r))
                .containsExactly(
                        Map.entry("A", "1"),
                        Map.entry("B", "2"),
                        Map.entry("C", "3"),
                        Map.entry("D", "quoted"),
                        Map.entry("E", "single"));
    }

    @Test
    void aKeyNamedExportIsAnOrdinaryKey() {
        ParseResult r = parse("export=1", "exportFOO=2", "export.x=3");
        assertClean(r);
        assertThat(values(r))
                .containsExactly(Map.entry("export", "1"), Map.entry("exportFOO", "2"), Map.entry("export.x", "3"));
        assertThat(values(parse("export = spaced"))).containsExactly(Map.entry("export", "spaced"));
        assertThat(values(parse("export export=twice"))).containsExactly(Map.entry("export", "twice"));
    }

    @Test
    void exportWithoutAnAssignmentIsAProblem() {
        ParseResult r = parse("export KEY", "export");
        assertThat(r.entries()).isEmpty();
        assertThat(r.problems()).extracting(Problem::line).containsExactly(1, 2);
        assertThat(r.problems().get(0).message()).contains("no '='");
    }

    // ---- unquoted values ---------------------------------------------------------------------------

    @Test
    void unquotedValuesAreTrimmedOfSpacesAndTabs() {
        assertThat(value("KEY=   padded value  \t ")).isEqualTo("padded value");
        assertThat(value("KEY=\tx\t")).isEqualTo("x");
    }

    @Test
    void innerSpacesOfUnquotedValuesAreKept() {
        assertThat(value("KEY=a  b   c")).isEqualTo("a  b   c");
    }

    @Test
    void anInlineCommentStartsAtAHashPrecededBySpaceOrTab() {
        assertThat(value("KEY=value # comment")).isEqualTo("value");
        assertThat(value("KEY=value\t# comment")).isEqualTo("value");
        assertThat(value("KEY=value #")).isEqualTo("value");
        assertThat(value("KEY=a # b # c")).isEqualTo("a");
        assertThat(value("KEY=a b #c")).isEqualTo("a b");
    }

    @Test
    void aHashWithoutSpaceBeforeItIsPartOfTheValue() {
        assertThat(value("KEY=abc#def")).isEqualTo("abc#def");
        assertThat(value("KEY=#hash-first")).isEqualTo("#hash-first");
        assertThat(value("COLOR=#ff0000")).isEqualTo("#ff0000");
        assertThat(value("URL=https://example.com/page#anchor")).isEqualTo("https://example.com/page#anchor");
        assertThat(value("KEY=a## b")).isEqualTo("a## b");
    }

    @Test
    void aCommentRightAfterTheEqualsSignLeavesAnEmptyValue() {
        assertThat(value("KEY= # nothing here")).isEmpty();
        assertThat(value("KEY=\t#nothing")).isEmpty();
    }

    @Test
    void equalsSignsInUnquotedValuesAreKept() {
        assertThat(value("KEY=a=b=c")).isEqualTo("a=b=c");
        assertThat(value("KEY==leading")).isEqualTo("=leading");
        assertThat(value("B64=dGVzdA==")).isEqualTo("dGVzdA==");
        assertThat(value("QS=https://x.test/?a=1&b=2")).isEqualTo("https://x.test/?a=1&b=2");
    }

    @Test
    void quoteCharactersThatDoNotStartTheValueAreOrdinary() {
        assertThat(value("KEY=it's")).isEqualTo("it's");
        assertThat(value("KEY=say \"hi\"")).isEqualTo("say \"hi\"");
        assertThat(value("KEY=a`b`")).isEqualTo("a`b`");
        assertThat(value("KEY=trailing'")).isEqualTo("trailing'");
    }

    @Test
    void backslashesInUnquotedValuesAreLiteral() {
        assertThat(value("KEY=C:\\temp\\new")).isEqualTo("C:\\temp\\new");
        assertThat(value("KEY=a\\nb")).isEqualTo("a\\nb");
        assertThat(value("KEY=ends-with\\")).isEqualTo("ends-with\\");
    }

    @Test
    void unicodeAndEmojiInUnquotedValuesAreKept() {
        assertThat(value("KEY=héllo wörld 日本語 🚀")).isEqualTo("héllo wörld 日本語 🚀");
    }

    // ---- single quotes -----------------------------------------------------------------------------

    @Test
    void singleQuotedValuesAreLiteral() {
        assertThat(value("KEY='a\\nb\\t\\\\c'")).isEqualTo("a\\nb\\t\\\\c");
        assertThat(value("KEY='say \"hi\"'")).isEqualTo("say \"hi\"");
        assertThat(value("KEY='has # hash'")).isEqualTo("has # hash");
        assertThat(value("KEY='`tick`'")).isEqualTo("`tick`");
    }

    @Test
    void spacesInsideSingleQuotesArePreserved() {
        assertThat(value("KEY='  padded  '")).isEqualTo("  padded  ");
        assertThat(value("KEY=   '  padded  '   ")).isEqualTo("  padded  ");
    }

    @Test
    void singleQuotedValuesMaySpanLines() {
        ParseResult r = parse("A='line one", "line two", "", "  line four'", "B=after");
        assertClean(r);
        assertThat(r.entries())
                .containsExactly(new Entry("A", "line one\nline two\n\n  line four", 1), new Entry("B", "after", 5));
    }

    @Test
    void aJsonDocumentFitsInSingleQuotes() {
        assertThat(value("JSON='{\"a\": [1, 2], \"b\": {\"c\": \"d#e\"}}'"))
                .isEqualTo("{\"a\": [1, 2], \"b\": {\"c\": \"d#e\"}}");
    }

    @Test
    void aBackslashDoesNotEscapeTheClosingSingleQuote() {
        ParseResult r = parse("KEY='a\\'", "NEXT=1");
        assertClean(r);
        assertThat(values(r)).containsExactly(Map.entry("KEY", "a\\"), Map.entry("NEXT", "1"));
    }

    // ---- double quotes -----------------------------------------------------------------------------

    @Test
    void theSupportedDoubleQuoteEscapesAreDecoded() {
        assertThat(value("KEY=\"a\\nb\"")).isEqualTo("a\nb");
        assertThat(value("KEY=\"a\\rb\"")).isEqualTo("a\rb");
        assertThat(value("KEY=\"a\\tb\"")).isEqualTo("a\tb");
        assertThat(value("KEY=\"a\\\"b\"")).isEqualTo("a\"b");
        assertThat(value("KEY=\"a\\\\b\"")).isEqualTo("a\\b");
        assertThat(value("KEY=\"a\\$b\"")).isEqualTo("a$b");
        assertThat(value("KEY=\"\\\\n\"")).isEqualTo("\\n");
        assertThat(value("KEY=\"\\\\\\\\\"")).isEqualTo("\\\\");
    }

    @Test
    void unknownDoubleQuoteEscapesAreKeptAsWritten() {
        assertThat(value("KEY=\"a\\qb\"")).isEqualTo("a\\qb");
        assertThat(value("KEY=\"\\'\"")).isEqualTo("\\'");
        assertThat(value("KEY=\"\\u00e9\"")).isEqualTo("\\u00e9");
        assertThat(value("KEY=\"\\x41\\0\\a\\b\\f\\v\"")).isEqualTo("\\x41\\0\\a\\b\\f\\v");
        assertThat(value("KEY=\"\\`\"")).isEqualTo("\\`");
        assertThat(value("KEY=\"\\{\"")).isEqualTo("\\{");
    }

    @Test
    void aBackslashBeforeARealLineBreakIsKept() {
        ParseResult r = parse("KEY=\"one\\", "two\"", "NEXT=3");
        assertClean(r);
        assertThat(r.entries()).containsExactly(new Entry("KEY", "one\\\ntwo", 1), new Entry("NEXT", "3", 3));
    }

    @Test
    void doubleQuotedValuesMaySpanLines() {
        ParseResult r = parse("KEY=\"first", "  second  ", "third\"", "NEXT=x");
        assertClean(r);
        assertThat(r.entries())
                .containsExactly(new Entry("KEY", "first\n  second  \nthird", 1), new Entry("NEXT", "x", 4));
    }

    @Test
    void spacesHashesAndSingleQuotesInsideDoubleQuotesArePreserved() {
        assertThat(value("KEY=\"  a # not a comment 'x' `y`  \"")).isEqualTo("  a # not a comment 'x' `y`  ");
        assertThat(value("URL=\"https://h/p?x=1#frag\"")).isEqualTo("https://h/p?x=1#frag");
    }

    @Test
    void anEscapedQuoteDoesNotCloseADoubleQuotedValue() {
        ParseResult r = parse("KEY=\"a \\\" b\" # c", "N=1");
        assertClean(r);
        assertThat(values(r)).containsExactly(Map.entry("KEY", "a \" b"), Map.entry("N", "1"));
    }

    // ---- backticks ---------------------------------------------------------------------------------

    @Test
    void backtickQuotedValuesAreLiteral() {
        assertThat(value("KEY=`a\\nb $X ${Y}`")).isEqualTo("a\\nb $X ${Y}");
        assertThat(value("KEY=`it's \"both\"`")).isEqualTo("it's \"both\"");
        assertThat(value("KEY=`  spaced # not comment `  # comment")).isEqualTo("  spaced # not comment ");
    }

    @Test
    void backtickQuotedValuesMaySpanLines() {
        ParseResult r = parse("KEY=`a", "b`", "N=1");
        assertClean(r);
        assertThat(r.entries()).containsExactly(new Entry("KEY", "a\nb", 1), new Entry("N", "1", 3));
    }

    // ---- after the closing quote -------------------------------------------------------------------

    @Test
    void spacesAndACommentMayFollowTheClosingQuote() {
        assertThat(value("KEY=\"v\"   ")).isEqualTo("v");
        assertThat(value("KEY=\"v\" # comment")).isEqualTo("v");
        assertThat(value("KEY='v'\t#comment")).isEqualTo("v");
        assertThat(value("KEY=\"v\"#comment right after")).isEqualTo("v");
    }

    @Test
    void otherTextAfterTheClosingQuoteIsAProblemAndTheEntryIsSkipped() {
        ParseResult r = parse("KEY=\"secret-part\"other-part", "B='x' y", "C=ok");
        assertThat(values(r)).containsExactly(Map.entry("C", "ok"));
        assertThat(r.problems()).extracting(Problem::line).containsExactly(1, 2);
        assertThat(r.problems().get(0).message())
                .contains("text after the closing \"")
                .contains("KEY")
                .contains("was skipped")
                .doesNotContain("secret-part")
                .doesNotContain("other-part");
    }

    @Test
    void textAfterAMultiLineQuotedValueIsReportedOnTheClosingLine() {
        ParseResult r = parse("KEY=\"a", "b\" junk", "C=ok");
        assertThat(values(r)).containsExactly(Map.entry("C", "ok"));
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).contains("starts on line 1");
        });
    }

    // ---- no interpolation --------------------------------------------------------------------------

    @Test
    void referencesAreKeptLiterallyInEveryKindOfValue() {
        ParseResult r = parse(
                "A=${VAR}",
                "B=$VAR",
                "C=\"${VAR} and $VAR\"",
                "D='${VAR} $VAR'",
                "E=`${VAR}`",
                "F=${coffer.prod.DB_PASSWORD}",
                "G=prefix-${A}-suffix",
                "H=\"${A:-default}\"",
                "I=$$");
        assertClean(r);
        assertThat(values(r))
                .containsExactly(
                        Map.entry("A", "${VAR}"),
                        Map.entry("B", "$VAR"),
                        Map.entry("C", "${VAR} and $VAR"),
                        Map.entry("D", "${VAR} $VAR"),
                        Map.entry("E", "${VAR}"),
                        Map.entry("F", "${coffer.prod.DB_PASSWORD}"),
                        Map.entry("G", "prefix-${A}-suffix"),
                        Map.entry("H", "${A:-default}"),
                        Map.entry("I", "$$"));
    }

    @Test
    void anEscapedDollarInDoubleQuotesIsAPlainDollar() {
        assertThat(value("KEY=\"\\${NOT_A_REF}\"")).isEqualTo("${NOT_A_REF}");
    }

    // ---- empty values ------------------------------------------------------------------------------

    @Test
    void everyWayOfWritingAnEmptyValueGivesTheEmptyString() {
        ParseResult r = parse("A=", "B=\"\"", "C=''", "D=``", "E=   ", "F= # comment", "G = \"\" # c", "export H=");
        assertClean(r);
        assertThat(r.entries()).hasSize(8).allSatisfy(e -> assertThat(e.value()).isEmpty());
    }

    @Test
    void anEmptyValueAtTheVeryEndOfTheContentIsRead() {
        assertThat(DotenvParser.parse("A=", "x").entries()).containsExactly(new Entry("A", "", 1));
    }

    // ---- line endings and bom ----------------------------------------------------------------------

    @Test
    void crlfLineEndingsAreHandled() {
        ParseResult r = DotenvParser.parse("A=1\r\nB = two words \r\n# c\r\n\r\nC=\"q\"\r\n", "win.env");
        assertClean(r);
        assertThat(r.entries())
                .containsExactly(new Entry("A", "1", 1), new Entry("B", "two words", 2), new Entry("C", "q", 5));
    }

    @Test
    void aLineBreakInsideQuotesIsALineFeedWhateverTheFileUses() {
        ParseResult r = DotenvParser.parse("A=\"x\r\ny\"\r\nB='p\r\nq'\r\nC=`m\rn`\rD=d", "x");
        assertClean(r);
        assertThat(r.entries())
                .containsExactly(
                        new Entry("A", "x\ny", 1),
                        new Entry("B", "p\nq", 3),
                        new Entry("C", "m\nn", 5),
                        new Entry("D", "d", 7));
    }

    @Test
    void loneCarriageReturnsAndMixedLineEndingsEndLines() {
        ParseResult r = DotenvParser.parse("A=1\rB=2\nC=3\r\nD=4", "x");
        assertClean(r);
        assertThat(r.entries())
                .containsExactly(
                        new Entry("A", "1", 1), new Entry("B", "2", 2), new Entry("C", "3", 3), new Entry("D", "4", 4));
    }

    @Test
    void escapedCarriageReturnsInDoubleQuotesSurvive() {
        assertThat(value("KEY=\"a\\r\\nb\"\r\n")).isEqualTo("a\r\nb");
    }

    @Test
    void aLeadingByteOrderMarkIsIgnored() {
        ParseResult r = DotenvParser.parse("\uFEFFKEY=value\n", "bom.env");
        assertClean(r);
        assertThat(r.entries()).containsExactly(new Entry("KEY", "value", 1));
        assertThat(DotenvParser.parse("\uFEFF# comment\r\nK=v", "x").entries()).containsExactly(new Entry("K", "v", 2));
    }

    @Test
    void aByteOrderMarkElsewhereIsAnOrdinaryCharacter() {
        assertThat(value("KEY=\"\uFEFFx\"")).isEqualTo("\uFEFFx");
    }

    // ---- problems ----------------------------------------------------------------------------------

    @Test
    void linesThatAreNotAssignmentsAreProblemsWithTheirLineNumber() {
        ParseResult r = parse("A=1", "not a line", "=value", "KEY value", "KEY:value", "B=2", "    = spaced");
        assertThat(values(r)).containsExactly(Map.entry("A", "1"), Map.entry("B", "2"));
        assertThat(r.problems()).extracting(Problem::line).containsExactly(2, 3, 4, 5, 7);
        assertThat(r.problems().get(0).message())
                .contains("not a KEY=value assignment")
                .contains("no '='")
                .contains("comment");
        assertThat(r.problems().get(1).message()).contains("no key before the '='");
        assertThat(r.problems().get(2).message()).contains("no '='");
        assertThat(r.problems().get(4).message()).contains("no key before the '='");
        assertThat(r.duplicates()).isEmpty();
    }

    @Test
    void anUnterminatedDoubleQuoteIsAProblemOnTheLineWhereItOpened() {
        ParseResult r = parse("A=1", "", "KEY=\"never closed", "B=2", "C=3");
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message())
                    .contains("double quote")
                    .contains("KEY")
                    .contains("on line 3")
                    .contains("never closed")
                    .contains("add the closing \"");
        });
        // parsing resumes on the line after the opening one
        assertThat(r.entries()).containsExactly(new Entry("A", "1", 1), new Entry("B", "2", 4), new Entry("C", "3", 5));
    }

    @Test
    void unterminatedSingleQuotesAndBackticksAreProblemsToo() {
        ParseResult r = parse("S='open", "T=`open", "N=1");
        assertThat(r.problems()).extracting(Problem::line).containsExactly(1, 2);
        assertThat(r.problems().get(0).message()).contains("single quote");
        assertThat(r.problems().get(1).message()).contains("backtick");
        assertThat(values(r)).containsExactly(Map.entry("N", "1"));
    }

    @Test
    void aQuoteOpenedOnTheLastLineIsUnterminated() {
        ParseResult r = parse("A=1", "B=\"");
        assertThat(r.problems()).extracting(Problem::line).containsExactly(2);
        assertThat(values(r)).containsExactly(Map.entry("A", "1"));
    }

    @Test
    void aTrailingBackslashCannotCloseADoubleQuote() {
        ParseResult r = DotenvParser.parse("A=\"abc\\\"", "x");
        assertThat(r.entries()).isEmpty();
        assertThat(r.problems()).extracting(Problem::line).containsExactly(1);
        assertThat(DotenvParser.parse("A=\"abc\\", "x").problems())
                .extracting(Problem::line)
                .containsExactly(1);
    }

    @Test
    void aQuoteThatClosesFarBelowSwallowsTheLinesBetween() {
        // the documented consequence of multi-line values: the next quote closes the value
        ParseResult r = parse("A=\"one", "B=two\"", "C=3");
        assertClean(r);
        assertThat(values(r)).containsExactly(Map.entry("A", "one\nB=two"), Map.entry("C", "3"));
    }

    @Test
    void problemMessagesNeverContainTheValueOrTheLineText() {
        String secret = "sk_live_TOPSECRET123";
        ParseResult r = parse(
                secret,
                "KEY " + secret,
                "=" + secret,
                "1BAD=" + secret,
                "BAD KEY=" + secret,
                "Q=\"" + secret + "\"" + secret,
                "U=\"" + secret);
        assertThat(r.entries()).isEmpty();
        assertThat(r.problems())
                .hasSize(7)
                .allSatisfy(p -> assertThat(p.message())
                        .doesNotContain(secret)
                        .doesNotContain("TOPSECRET")
                        .doesNotContain("BAD"));
        assertThat(r.problems()).extracting(Problem::line).containsExactly(1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void everyProblemMessageSaysWhatToDo() {
        ParseResult r = parse("nope", "=v", "1=v", "A=\"x\"y", "B='");
        assertThat(r.problems())
                .hasSize(5)
                .allSatisfy(p ->
                        assertThat(p.message()).containsAnyOf("write it as", "rename", "remove it", "add the closing"));
    }

    @Test
    void problemLinesAreCountedCorrectlyAfterMultiLineValues() {
        ParseResult r = parse("PEM=\"a", "b", "c\"", "garbage", "S='x", "y'", "more garbage");
        assertThat(r.problems()).extracting(Problem::line).containsExactly(4, 7);
        assertThat(r.entries()).extracting(Entry::line).containsExactly(1, 5);
    }

    // ---- duplicates --------------------------------------------------------------------------------

    @Test
    void aRepeatedKeyIsReportedWithBothLinesAndTheLastValueWins() {
        ParseResult r = parse("A=first", "B=b", "A=second");
        assertThat(r.problems()).isEmpty();
        assertThat(r.duplicates()).containsExactly(new Duplicate("A", 1, 3));
        assertThat(r.entries()).containsExactly(new Entry("A", "second", 3), new Entry("B", "b", 2));
    }

    @Test
    void theEntryKeepsThePositionOfTheFirstOccurrence() {
        ParseResult r = parse("X=1", "Y=2", "Z=3", "X=4", "Y=5");
        assertThat(r.entries()).extracting(Entry::key).containsExactly("X", "Y", "Z");
        assertThat(values(r)).containsExactly(Map.entry("X", "4"), Map.entry("Y", "5"), Map.entry("Z", "3"));
    }

    @Test
    void everyRepeatIsReportedAgainstTheFirstLine() {
        ParseResult r = parse("K=1", "K=2", "", "K=3");
        assertThat(r.duplicates()).containsExactly(new Duplicate("K", 1, 2), new Duplicate("K", 1, 4));
        assertThat(r.entries()).containsExactly(new Entry("K", "3", 4));
    }

    @Test
    void exportAndPlainAssignmentsOfTheSameKeyAreDuplicates() {
        ParseResult r = parse("export K=1", "K = \"2\"");
        assertThat(r.duplicates()).containsExactly(new Duplicate("K", 1, 2));
        assertThat(values(r)).containsExactly(Map.entry("K", "2"));
    }

    @Test
    void aRepeatWithAnEmptyValueStillWins() {
        assertThat(values(parse("K=set", "K="))).containsExactly(Map.entry("K", ""));
    }

    @Test
    void duplicateLineNumbersAccountForMultiLineValues() {
        ParseResult r = parse("K=\"a", "b\"", "K='c", "d'");
        assertThat(r.duplicates()).containsExactly(new Duplicate("K", 1, 3));
        assertThat(r.entries()).containsExactly(new Entry("K", "c\nd", 3));
    }

    @Test
    void linesWithProblemsNeitherOverrideNorDuplicate() {
        ParseResult r = parse("K=good", "K=\"bad\"trailing", "K='never closed");
        assertThat(r.duplicates()).isEmpty();
        assertThat(r.entries()).containsExactly(new Entry("K", "good", 1));
        assertThat(r.problems()).extracting(Problem::line).containsExactly(2, 3);
    }

    // ---- redaction ---------------------------------------------------------------------------------

    @Test
    void entryToStringNeverShowsTheValue() {
        Entry e = new Entry("DB_PASSWORD", "hunter2-secret", 7);
        assertThat(e.toString())
                .contains("DB_PASSWORD")
                .contains("7")
                .contains("redacted")
                .doesNotContain("hunter2");
    }

    @Test
    void parseResultToStringNeverShowsValues() {
        ParseResult r = parse("A=hunter2-secret", "A=other-secret", "junk");
        assertThat(r.toString()).contains("A").doesNotContain("hunter2").doesNotContain("other-secret");
    }

    // ---- messy real world file ---------------------------------------------------------------------

    static String messyFixture() throws IOException {
        try (InputStream in = DotenvParserTest.class.getResourceAsStream("/dotenv/messy.env")) {
            assertThat(in).as("fixture dotenv/messy.env").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static final Map<String, String> MESSY_EXPECTED = messyExpected();

    static Map<String, String> messyExpected() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("APP_NAME", "coffer-demo");
        m.put("NODE_ENV", "production");
        m.put("PORT", "9090");
        m.put("DEBUG", "false");
        m.put("DATABASE_URL", "postgres://app:p#ss@db.internal:5432/app?sslmode=require");
        m.put("REDIS_URL", "redis://:s3cr3t@cache:6379/0#not-a-comment");
        m.put("EMPTY", "");
        m.put("EMPTY_QUOTED", "");
        m.put("GREETING", "Hello, ${USER}! It costs $5");
        m.put("TEMPLATE", "Hi ${NAME}, balance: $100\tnet");
        m.put("FEATURE_FLAGS", "{\"beta\": true, \"regions\": [\"eu-west-1\", \"us-east-1\"], \"ratio\": 0.25}");
        m.put("JWT_SECRET", "abc==def=ghi=");
        m.put(
                "PRIVATE_KEY",
                "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n"
                        + "bW9yZSBiYXNlNjQgZGF0YQ==\n-----END PRIVATE KEY-----");
        m.put("ESCAPED_KEY", "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----\n");
        m.put("WINDOWS_PATH", "C:\\Program Files\\Coffer");
        m.put("RAW_BACKSLASH", "C:\\temp\\new");
        m.put("SQL", "SELECT * FROM users WHERE name = 'bob' AND note = \"x\"");
        m.put("AWS_REGION", "eu-west-1");
        m.put("QUOTE_INSIDE", "say \"hi\" to 'them'");
        m.put("UNICODE", "héllo wörld 🚀");
        m.put("TRAILING_SPACES", "value with trailing spaces");
        m.put("multi.key-name_1", "ok");
        m.put("UNKNOWN_ESCAPE", "a\\qb");
        return m;
    }

    @Test
    void theMessyFixtureReallyHasABomCrlfLinesAndTrailingSpaces() throws IOException {
        String raw = messyFixture();
        assertThat(raw)
                .startsWith("\uFEFF")
                .contains("\r\n")
                .contains("    \r\n")
                .contains("   \n");
    }

    @Test
    void everyValueOfTheMessyFixtureIsReadExactly() throws IOException {
        ParseResult r = DotenvParser.parse(messyFixture(), "messy.env");
        assertThat(values(r)).containsExactlyEntriesOf(MESSY_EXPECTED);
        assertThat(r.sourceName()).isEqualTo("messy.env");
    }

    @Test
    void theMessyFixturesEntriesCarryTheirLineNumbersInTheFile() throws IOException {
        ParseResult r = DotenvParser.parse(messyFixture(), "messy.env");
        Map<String, Integer> lines = new LinkedHashMap<>();
        r.entries().forEach(e -> lines.put(e.key(), e.line()));
        assertThat(lines)
                .containsEntry("APP_NAME", 3)
                .containsEntry("PORT", 30)
                .containsEntry("DEBUG", 6)
                .containsEntry("PRIVATE_KEY", 17)
                .containsEntry("ESCAPED_KEY", 21)
                .containsEntry("SQL", 24)
                .containsEntry("multi.key-name_1", 29)
                .containsEntry("UNKNOWN_ESCAPE", 33);
    }

    @Test
    void theMessyFixturesDuplicatePortIsReportedAndTheLaterValueWins() throws IOException {
        ParseResult r = DotenvParser.parse(messyFixture(), "messy.env");
        assertThat(r.duplicates()).containsExactly(new Duplicate("PORT", 5, 30));
        assertThat(r.entries().get(2)).isEqualTo(new Entry("PORT", "9090", 30));
    }

    @Test
    void theMessyFixturesTwoBrokenLinesAreReportedWithoutTheirText() throws IOException {
        ParseResult r = DotenvParser.parse(messyFixture(), "messy.env");
        assertThat(r.problems()).extracting(Problem::line).containsExactly(31, 32);
        assertThat(r.problems())
                .allSatisfy(
                        p -> assertThat(p.message()).doesNotContain("garbage").doesNotContain("orphan"));
    }

    @Test
    void theMessyFixtureWithOnlyLfOrOnlyCrlfEndingsOrWithoutBomGivesTheSameResult() throws IOException {
        String lf = messyFixture().replace("\r\n", "\n");
        String crlf = lf.replace("\n", "\r\n");
        ParseResult original = DotenvParser.parse(messyFixture(), "messy.env");
        assertThat(DotenvParser.parse(lf, "messy.env")).isEqualTo(original);
        assertThat(DotenvParser.parse(crlf, "messy.env")).isEqualTo(original);
        assertThat(DotenvParser.parse(lf.substring(1), "messy.env")).isEqualTo(original);
    }

    @Test
    void writingTheParsedMessyFixtureAndReadingItBackGivesTheSameValues() throws IOException {
        ParseResult r = DotenvParser.parse(messyFixture(), "messy.env");
        List<Map.Entry<String, String>> secrets =
                r.entries().stream().map(e -> Map.entry(e.key(), e.value())).toList();
        // (dotenv-export is for shells and refuses the fixture's keys with '.' and '-')
        ParseResult back = DotenvParser.parse(ExportFormat.DOTENV.write(secrets), "back.env");
        assertClean(back);
        assertThat(values(back)).containsExactlyEntriesOf(MESSY_EXPECTED);
    }

    @Test
    void inSingleQuotesTheShellsEscapedQuoteStandsForAQuoteAndOtherTextAfterTheQuoteIsStillAProblem() {
        ParseResult r = DotenvParser.parse("A='it'\\''s'\nB=''\\'''\nC='x'y\n", "quotes.env");
        assertThat(values(r)).containsExactly(Map.entry("A", "it's"), Map.entry("B", "'"));
        assertThat(r.problems()).extracting(Problem::line).containsExactly(3);
    }
}
