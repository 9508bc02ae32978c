package dev.coffer.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.server.errors.ApiException;
import org.junit.jupiter.api.Test;

/** How a raw query string becomes parameters. */
class QueryTest {

    @Test
    void aParameterWithoutEqualsOrWithAnEmptyValueIsAbsent() {
        Query q = Query.parse("recursive&workspaceSlug=&environment=dev&&");
        assertThat(q.get("recursive")).isNull();
        assertThat(q.get("workspaceSlug", "environment")).isEqualTo("dev");
        assertThat(q.bool("recursive", false)).isFalse();
    }

    @Test
    void escapesAndPlusAreDecodedAndTheFirstOfRepeatedNamesWins() {
        Query q = Query.parse("secretPath=%2Fapp%2Fdb&name=a+b&name=second");
        assertThat(q.get("secretPath")).isEqualTo("/app/db");
        assertThat(q.get("name")).isEqualTo("a b");
    }

    @Test
    void aMalformedEscapeIsABadRequestAndNulOrALoneSurrogateIsAValidationFailure() {
        assertThatThrownBy(() -> Query.parse("a=%zz"))
                .isInstanceOf(ApiException.BadRequest.class)
                .hasMessageContaining("percent-encoding");
        assertThatThrownBy(() -> Query.parse("a=x%00").get("a"))
                .isInstanceOf(ApiException.Validation.class)
                .hasMessageContaining("NUL");
        assertThat(Query.parse(null).get("a")).isNull();
    }

    @Test
    void escapedBytesThatAreNotUtf8AreABadRequestNotAReplacementCharacter() {
        for (String bad : new String[] {"a=%C3%28", "a=%ED%A0%80", "a=%FF", "%C3=1"}) {
            assertThatThrownBy(() -> Query.parse(bad))
                    .as(bad)
                    .isInstanceOf(ApiException.BadRequest.class)
                    .hasMessageContaining("UTF-8");
        }
        assertThat(Query.parse("a=%C3%A9%F0%9F%94%91").get("a")).isEqualTo("\u00e9\ud83d\udd11");
        // in a path '+' is itself; in a query it is a space
        assertThat(Text.percentDecode("a+b%20c", false)).isEqualTo("a+b c");
        assertThat(Text.percentDecode("a+b%20c", true)).isEqualTo("a b c");
        assertThatThrownBy(() -> Text.percentDecode("A%C3%28", false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Text.percentDecode("%4", false)).isInstanceOf(IllegalArgumentException.class);
    }
}
