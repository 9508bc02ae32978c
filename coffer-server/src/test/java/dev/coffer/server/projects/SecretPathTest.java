package dev.coffer.server.projects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.server.errors.ApiException;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/**
 * Folder paths are rejected, never normalised: each trick gets its own message, and the limits hold
 * exactly at their boundaries.
 */
class SecretPathTest {

    @Test
    void eachPathTrickIsRejectedWithAMessageNamingIt() {
        assertRejected("/a/../b", "'.' and '..' are not allowed");
        assertRejected("/./a", "'.' and '..' are not allowed");
        assertRejected("\\a", "backslashes are not allowed");
        assertRejected("/a\\b", "backslashes are not allowed");
        assertRejected("/a//b", "empty segment");
        assertRejected("//", "empty segment");
        assertRejected("/a b", "letters, digits");
    }

    @Test
    void thirtyTwoFoldersDeepIsAllowedAndThirtyThreeIsNot() {
        String deep = "/a".repeat(SecretPath.MAX_DEPTH);
        assertThat(SecretPath.parse(deep).segments()).hasSize(32);
        assertRejected(deep + "/a", "deeper than 32 folders");
    }

    @Test
    void aMissingLeadingSlashIsAddedAndOneTrailingSlashDropped() {
        assertThat(SecretPath.parse("app/db/")).hasToString("/app/db");
        assertThat(SecretPath.parse("")).isEqualTo(SecretPath.ROOT);
        assertThat(SecretPath.parse(null).isRoot()).isTrue();
        assertThat(SecretPath.parse("/app").isRoot()).isFalse();
    }

    @Test
    void aPathIsWithinItselfAndItsAncestorsOnly() {
        SecretPath app = SecretPath.parse("/app");
        SecretPath db = SecretPath.parse("/app/db");
        assertThat(app.within(app)).isTrue();
        assertThat(db.within(app)).isTrue();
        assertThat(db.within(SecretPath.ROOT)).isTrue();
        assertThat(app.within(db)).isFalse();
        assertThat(SecretPath.parse("/apple").within(app)).isFalse();
    }

    @Test
    void aMissingOrBadFolderNameIsABadRequestThatQuotesAtMostAHundredCharacters() {
        assertThatThrownBy(() -> SecretPath.folderName(null))
                .isInstanceOf(ApiException.BadRequest.class)
                .hasMessageContaining("Invalid folder name ''");
        String hundred = "x".repeat(99) + "!";
        assertThatThrownBy(() -> SecretPath.folderName(hundred)).hasMessageContaining("'" + hundred + "'");
        String longer = hundred + "Z";
        assertThatThrownBy(() -> SecretPath.folderName(longer))
                .hasMessageContaining("'" + hundred + "…'")
                .hasMessageNotContaining("Z");
        assertThat(SecretPath.folderName("a-b_C9")).isEqualTo("a-b_C9");
    }

    @Test
    void segmentsAreACopy() {
        java.util.List<String> segs = new java.util.ArrayList<>(Collections.singletonList("a"));
        SecretPath p = new SecretPath(segs);
        segs.add("b");
        assertThat(p.segments()).containsExactly("a");
    }

    private static void assertRejected(String raw, String why) {
        assertThatThrownBy(() -> SecretPath.parse(raw))
                .as(raw)
                .isInstanceOf(ApiException.BadRequest.class)
                .hasMessageContaining(why);
    }
}
