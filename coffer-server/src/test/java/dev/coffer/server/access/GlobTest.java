package dev.coffer.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The globs of permission conditions: {@code *} stays within one path segment, {@code **} crosses
 * segments, {@code /app/**} also names {@code /app} itself, {@code ?} is one character of a segment,
 * {@code {a,b}} is either alternative. Only the pattern is interpreted; the value it is matched against
 * is literal text.
 */
class GlobTest {

    @Test
    void aGlobWithoutWildcardsMatchesExactlyItself() {
        Glob g = Glob.compile("/app/db");
        assertThat(g.matches("/app/db")).isTrue();
        assertThat(g.matches("/app/DB")).as("no case folding").isFalse();
        assertThat(g.matches("/app/db/")).isFalse();
        assertThat(g.matches("/app/db ")).as("no trimming").isFalse();
        assertThat(g.matches("/app")).isFalse();
    }

    @Test
    void aSingleStarMatchesWithinOneSegmentOnly() {
        Glob g = Glob.compile("/app/*");
        assertThat(g.matches("/app/db")).isTrue();
        assertThat(g.matches("/app/")).as("an empty segment").isTrue();
        assertThat(g.matches("/app/db/password"))
                .as("a star does not cross '/'")
                .isFalse();
        assertThat(g.matches("/app")).isFalse();
        assertThat(g.matches("/apple/db")).isFalse();
    }

    @Test
    void aStarInsideASegmentMatchesAnyPartOfThatSegment() {
        Glob g = Glob.compile("DB_*_URL");
        assertThat(g.matches("DB_MAIN_URL")).isTrue();
        assertThat(g.matches("DB__URL")).isTrue();
        assertThat(g.matches("DB_MAIN_URL_2")).isFalse();
        assertThat(g.matches("DB_A/B_URL")).as("not across '/'").isFalse();
    }

    @Test
    void aDoubleStarMatchesAcrossSegments() {
        Glob g = Glob.compile("/app/**/secret");
        assertThat(g.matches("/app/a/secret")).isTrue();
        assertThat(g.matches("/app/a/b/c/secret")).isTrue();
        assertThat(g.matches("/other/a/secret")).isFalse();
        assertThat(Glob.compile("**").matches("/any/thing/at/all")).isTrue();
        assertThat(Glob.compile("**").matches("")).isTrue();
    }

    @Test
    void aTrailingSlashDoubleStarMatchesTheFolderItselfAndEverythingBelowIt() {
        Glob g = Glob.compile("/app/**");
        assertThat(g.matches("/app")).as("the folder itself").isTrue();
        assertThat(g.matches("/app/")).isTrue();
        assertThat(g.matches("/app/db")).isTrue();
        assertThat(g.matches("/app/db/primary/password")).isTrue();
        assertThat(g.matches("/apple")).as("a sibling that shares the prefix").isFalse();
        assertThat(g.matches("/apple/db")).isFalse();
        assertThat(g.matches("/ap")).isFalse();
        assertThat(g.matches("/")).isFalse();
    }

    @Test
    void theRootDoubleStarMatchesEveryPath() {
        Glob g = Glob.compile("/**");
        assertThat(g.matches("/")).isTrue();
        assertThat(g.matches("")).as("the root written as the empty path").isTrue();
        assertThat(g.matches("/a/b")).isTrue();
    }

    @Test
    void aQuestionMarkMatchesExactlyOneCharacterOfASegment() {
        Glob g = Glob.compile("KEY_?");
        assertThat(g.matches("KEY_1")).isTrue();
        assertThat(g.matches("KEY_")).isFalse();
        assertThat(g.matches("KEY_12")).isFalse();
        assertThat(Glob.compile("a?b").matches("a/b")).as("not '/'").isFalse();
    }

    @Test
    void bracesMatchEitherAlternative() {
        Glob g = Glob.compile("/{app,api}/db");
        assertThat(g.matches("/app/db")).isTrue();
        assertThat(g.matches("/api/db")).isTrue();
        assertThat(g.matches("/apx/db")).isFalse();
        assertThat(g.matches("/app,api/db")).isFalse();
        assertThat(g.matches("/{app,api}/db"))
                .as("the braces are syntax, not text")
                .isFalse();
    }

    @Test
    void bracesNestAndMayHoldWildcards() {
        Glob g = Glob.compile("{dev,{stag,prod}-*}");
        assertThat(g.matches("dev")).isTrue();
        assertThat(g.matches("stag-eu")).isTrue();
        assertThat(g.matches("prod-us")).isTrue();
        assertThat(g.matches("prod")).isFalse();
        assertThat(g.matches("dev-eu")).isFalse();
    }

    @Test
    void aCommaOutsideBracesIsAnOrdinaryCharacter() {
        Glob g = Glob.compile("a,b");
        assertThat(g.matches("a,b")).isTrue();
        assertThat(g.matches("a")).isFalse();
        assertThat(g.matches("b")).isFalse();
    }

    @Test
    void regularExpressionCharactersInAPatternAreLiteral() {
        Glob g = Glob.compile("/v1.0/(x)|y+[z]$^\\Q\\E");
        assertThat(g.matches("/v1.0/(x)|y+[z]$^\\Q\\E")).isTrue();
        assertThat(g.matches("/v1x0/(x)|y+[z]$^\\Q\\E"))
                .as("'.' is not any character")
                .isFalse();
        assertThat(Glob.compile("a|b").matches("a"))
                .as("'|' is not alternation")
                .isFalse();
        assertThat(Glob.compile("\\E.*").matches("anything"))
                .as("a quote end in the pattern stays text")
                .isFalse();
    }

    @Test
    void anUnclosedBraceIsRejectedNamingTheGlob() {
        assertThatThrownBy(() -> Glob.compile("/app/{a,b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unbalanced")
                .hasMessageContaining("/app/{a,b");
        assertThatThrownBy(() -> Glob.compile("{{a}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aValueHoldingWildcardsIsMatchedAsTheLiteralTextItIs() {
        Glob g = Glob.compile("/ci/*");
        assertThat(g.matches("/ci/*"))
                .as("a star in a value is one ordinary character")
                .isTrue();
        assertThat(g.matches("/ci/**")).isTrue();
        assertThat(g.matches("/ci/*/deeper"))
                .as("a value's star does not make the pattern's star cross '/'")
                .isFalse();
        Glob exact = Glob.compile("/ci");
        assertThat(exact.matches("*")).isFalse();
        assertThat(exact.matches("**")).isFalse();
        assertThat(exact.matches("/c?")).isFalse();
        assertThat(exact.matches("{/ci,/prod}")).isFalse();
        assertThat(exact.matches(".*")).isFalse();
    }

    @Test
    void aDoubleStarDoesNotLetADotDotSegmentClimbOutOfItsFolder() {
        Glob ci = Glob.compile("/ci/**");
        assertThat(ci.matches("/ci/x")).isTrue();
        assertThat(ci.matches("/ci/../prod")).isFalse();
        assertThat(ci.matches("/ci/a/../../prod")).isFalse();
        assertThat(ci.matches("/ci/./x")).isFalse();
        assertThat(ci.matches("/ci-other")).isFalse();
        assertThat(ci.matches("/CI/x")).isFalse();
        assertThat(Glob.compile("**").matches("..")).isFalse();
    }

    @Test
    void nullNeverMatches() {
        assertThat(Glob.compile("**").matches(null)).isFalse();
    }

    @Test
    void aGlobPrintsAsItsSource() {
        assertThat(Glob.compile("/app/**")).hasToString("/app/**");
    }
}
