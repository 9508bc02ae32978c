package dev.coffer.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A request's scope keeps each secret name it touched once, in order, up to its cap, and counts the rest. */
class AuditScopeTest {

    @AfterEach
    void end() {
        AuditScope.end();
    }

    @Test
    void eachNameIsKeptOnceInOrderUpToTheCapAndTheNewOnesAfterItAreCounted() {
        AuditScope scope = AuditScope.begin();
        AuditScope.touched("p", "dev", "/", "B");
        AuditScope.touched("p", "prod", "/other", "A");
        AuditScope.touched("p", "dev", "/", "B");
        for (int i = 0; i < AuditScope.MAX_SECRET_NAMES; i++) AuditScope.touched("p", "dev", "/", "N" + i);
        AuditScope.touched("p", "dev", "/", "A"); // kept already: not counted as left off
        AuditScope.touched("p", "dev", "/", "N" + (AuditScope.MAX_SECRET_NAMES - 1)); // left off already: once

        assertThat(scope.secretNames()).hasSize(AuditScope.MAX_SECRET_NAMES).startsWith("B", "A", "N0");
        assertThat(scope.secretNamesLeftOff()).isEqualTo(2);
        assertThat(scope.environment()).isEqualTo("dev");
        assertThat(scope.secretPath()).isEqualTo("/");
    }

    @Test
    void aKeptListingIsNotedAsItsNamesOneByOneWouldBe() {
        List<String> listed = List.of("B", "A", "C");
        AuditScope whole = AuditScope.begin();
        AuditScope.listed("p", "dev", "/", listed);
        assertThat(whole.secretNames()).isSameAs(listed); // not copied
        assertThat(whole.projectId()).isEqualTo("p");
        assertThat(whole.environment()).isEqualTo("dev");

        AuditScope.touched("p", "dev", "/", "A");
        AuditScope.touched("p", "dev", "/", "D");
        AuditScope.listed("p", "dev", "/", List.of("E", "B"));
        assertThat(whole.secretNames()).containsExactly("B", "A", "C", "D", "E");

        AuditScope oneByOne = AuditScope.begin();
        AuditScope.touched("p", "dev", "/", "Z");
        AuditScope.listed("p", "dev", "/", listed);
        assertThat(oneByOne.secretNames()).containsExactly("Z", "B", "A", "C");

        AuditScope beyondTheCap = AuditScope.begin();
        List<String> many = IntStream.range(0, AuditScope.MAX_SECRET_NAMES + 5)
                .mapToObj(i -> "N" + i)
                .toList();
        AuditScope.listed("p", "dev", "/", many);
        assertThat(beyondTheCap.secretNames()).hasSize(AuditScope.MAX_SECRET_NAMES);
        assertThat(beyondTheCap.secretNamesLeftOff()).isEqualTo(5);
    }

    @Test
    void outsideARequestNothingIsNoted() {
        AuditScope.end();
        AuditScope.touched("p", "dev", "/", "A");
        assertThat(AuditScope.begin().secretNames()).isEmpty();
    }
}
