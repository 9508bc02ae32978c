package dev.coffer.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A folder's reads by secret name, as one row of "who reads" keeps them. */
class NameTalliesTest {

    @Test
    void readsOfANameAddUpAndKeepTheLatestTime() {
        NameTallies t = NameTallies.empty();
        t.add("A", 2, 50);
        t.add("A", 3, 40);
        assertThat(t.of("A")).isEqualTo(new NameTallies.Count(5, 50));
        assertThat(t.of("B")).isNull();
    }

    @Test
    void anyNameSurvivesTheRoundTripThroughTheColumn() {
        NameTallies t = NameTallies.empty();
        String odd = "K\"q\\b\n\u0000🔑{}[],:";
        t.add(odd, 1, 7);
        t.add("PLAIN", 4, Long.MAX_VALUE);
        NameTallies back = NameTallies.parse(t.json());
        assertThat(back.of(odd)).isEqualTo(new NameTallies.Count(1, 7));
        assertThat(back.of("PLAIN")).isEqualTo(new NameTallies.Count(4, Long.MAX_VALUE));
    }

    @Test
    void addingAnotherDaysOrNodesSumsMergesNameByName() {
        NameTallies held = NameTallies.parse("{\"A\":[1,10],\"B\":[2,20]}");
        NameTallies added = NameTallies.empty();
        added.add("B", 3, 15);
        added.add("C", 1, 30);
        held.addAll(added);
        assertThat(held.json()).isEqualTo("{\"A\":[1,10],\"B\":[5,20],\"C\":[1,30]}");
    }

    @Test
    void aColumnThatIsNotAnObjectOfPairsIsRefusedWithoutQuotingIt() {
        for (String bad :
                new String[] {"", "[]", "{\"A\":1}", "{\"A\":[1]}", "{\"A\":[1,2,3]}", "{\"A\":[1,2]", "nul"}) {
            assertThatThrownBy(() -> NameTallies.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not a JSON object");
        }
    }

    @Test
    void itsTextNamesHowManyNamesAndNoneOfThem() {
        NameTallies t = NameTallies.empty();
        t.add("DB_PASSWORD", 1, 1);
        assertThat(t.toString()).isEqualTo("NameTallies[1 names]").doesNotContain("DB_PASSWORD");
    }
}
