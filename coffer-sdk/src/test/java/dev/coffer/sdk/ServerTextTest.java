package dev.coffer.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Server text made safe for messages and logs: no terminal or bidi control survives, length bounded. */
class ServerTextTest {

    @Test
    void terminalEscapesAndC1ControlsAreShownAsEscapesNotPassedOn() {
        String hostile = "denied\u001b]0;pwned\u0007 \u001b[2J\u001b[31mred\u009b31m\u0085\u007f\u0000end";
        String clean = ServerText.clean(hostile);
        assertThat(clean)
                .isEqualTo("denied\\u001b]0;pwned\\u0007 \\u001b[2J\\u001b[31mred\\u009b31m\\u0085\\u007f\\u0000end");
        assertThat(clean.chars()).noneMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f));
    }

    @Test
    void bidiOverridesIsolatesAndInvisibleCharactersAreEscaped() {
        String hostile = "file\u202egnp.exe \u2066x\u2069 \u200b\u200e\u200f\ufeff\u2028\u2029\u061c";
        assertThat(ServerText.clean(hostile))
                .isEqualTo("file\\u202egnp.exe \\u2066x\\u2069 \\u200b\\u200e\\u200f\\ufeff\\u2028\\u2029\\u061c");
    }

    @Test
    void lineBreaksAndTabsBecomeSpacesSoAMessageCannotForgeALogLine() {
        assertThat(ServerText.clean("bad request\n2026-01-01 INFO forged\r\tline"))
                .isEqualTo("bad request 2026-01-01 INFO forged  line");
    }

    @Test
    void ordinaryTextIncludingNonLatinScriptsAndEmojiIsKeptAsIs() {
        String text = "Secret 'DB_PASSWORD' not found in Grüße/日本語 🔑 (environment dev, path /).";
        assertThat(ServerText.clean(text)).isEqualTo(text);
        assertThat(ServerText.clean(null)).isNull();
    }

    @Test
    void longTextIsCutAndTheCutSaysHowMuchWasLeftOut() {
        String clean = ServerText.clean("x".repeat(5000));
        assertThat(clean).startsWith("x".repeat(ServerText.MAX_MESSAGE)).endsWith("… (4000 more characters)");
        assertThat(clean.length()).isLessThan(ServerText.MAX_MESSAGE + 40);
        // a cut never splits a surrogate pair
        assertThat(ServerText.clean("ab🔑🔑", 3)).isEqualTo("ab🔑… (2 more characters)");
        // escapes count toward the bound, so a message of nothing but escapes stays bounded too
        assertThat(ServerText.clean("\u001b".repeat(10_000)).length()).isLessThan(ServerText.MAX_MESSAGE + 40);
    }
}
