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
}
