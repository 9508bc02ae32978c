package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which environment a --env value means, and when two API URLs name the same server. */
class EnvironmentChoiceTest {

    static final List<Environments.Env> ENVS = List.of(
            new Environments.Env("Development", "dev"),
            new Environments.Env("Production", "prod"),
            new Environments.Env("PROD", "production"),
            new Environments.Env("QA", "qa"));

    @Test
    void anExactSlugWinsThenTheOnlyNameOrSlugEqualIgnoringCase() {
        assertThat(Environments.choose(ENVS, "prod").slug()).isEqualTo("prod");
        assertThat(Environments.choose(ENVS, "development").slug()).isEqualTo("dev");
        assertThat(Environments.choose(ENVS, "Development").slug()).isEqualTo("dev");
        assertThat(Environments.choose(ENVS, "DEV").slug()).isEqualTo("dev");
        assertThat(Environments.choose(ENVS, "Qa").slug()).isEqualTo("qa");
    }

    @Test
    void anAmbiguousOrUnknownValueChoosesNothing() {
        // "Production" is the name of prod and, ignoring case, the slug of production
        assertThat(Environments.choose(ENVS, "Production")).isNull();
        assertThat(Environments.choose(ENVS, "staging")).isNull();
    }

    @Test
    void urlsNameTheSameServerWhateverTheirSpelling() {
        assertThat(Connection.sameServer("http://127.0.0.1:8080", "http://127.0.0.1:8080/api/"))
                .isTrue();
        assertThat(Connection.sameServer("https://Coffer.Example.com", "https://coffer.example.com:443/"))
                .isTrue();
        assertThat(Connection.sameServer("http://127.0.0.1:8080", "http://127.0.0.1:8081"))
                .isFalse();
        assertThat(Connection.sameServer("https://coffer.example.com", "http://coffer.example.com"))
                .isFalse();
        assertThat(Connection.sameServer("https://coffer.example.com", "https://coffer.example.com.evil.test"))
                .isFalse();
        assertThat(Connection.sameServer("https://a.example/team1", "https://a.example/team2"))
                .isFalse();
    }
}
