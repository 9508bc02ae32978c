package dev.coffer.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When a listing may skip checking each item: only when the role allows the action on every resource
 * of the subject, with no condition that could tell items apart and no rule that could forbid one.
 */
class AllowsEveryTest {

    @Test
    void theBuiltInReadingRolesAllowEveryItemOfAListing() {
        for (Policy role : List.of(Roles.PROJECT_ADMIN, Roles.PROJECT_MEMBER, Roles.PROJECT_VIEWER)) {
            assertThat(role.allowsEvery(Action.READ, Subject.SECRETS))
                    .as(role.slug())
                    .isTrue();
            assertThat(role.allowsEvery(Action.READ, Subject.FOLDERS))
                    .as(role.slug())
                    .isTrue();
        }
        assertThat(Roles.PROJECT_NO_ACCESS.allowsEvery(Action.READ, Subject.SECRETS))
                .isFalse();
        assertThat(Roles.PROJECT_VIEWER.allowsEvery(Action.EDIT, Subject.SECRETS))
                .isFalse();
    }

    @Test
    void aConditionOnTheAllowingRuleMeansEachItemIsChecked() {
        Policy ci = new Policy(
                "ci",
                List.of(Rule.allow(
                        Subject.SECRETS,
                        EnumSet.of(Action.READ),
                        Condition.of(Condition.Field.SECRET_PATH, Condition.Op.GLOB, "/ci/**"))));

        assertThat(ci.allowsEvery(Action.READ, Subject.SECRETS)).isFalse();
    }

    @Test
    void anyForbiddingRuleOnTheSubjectMeansEachItemIsChecked() {
        Policy guarded = new Policy(
                "guarded",
                List.of(
                        Rule.allow(Subject.SECRETS, EnumSet.of(Action.READ)),
                        Rule.deny(
                                Subject.SECRETS,
                                EnumSet.of(Action.READ),
                                Condition.of(Condition.Field.SECRET_NAME, Condition.Op.EQ, "ROOT_PASSWORD"))));

        assertThat(guarded.allowsEvery(Action.READ, Subject.SECRETS)).isFalse();
        assertThat(guarded.allowsEvery(Action.READ, Subject.FOLDERS)).isFalse();
    }

    @Test
    void aRuleOnAnotherSubjectOrActionDoesNotCount() {
        Policy mixed = new Policy(
                "mixed",
                List.of(
                        Rule.allow(Subject.SECRETS, EnumSet.of(Action.READ)),
                        Rule.deny(Subject.FOLDERS, EnumSet.of(Action.READ)),
                        Rule.deny(Subject.SECRETS, EnumSet.of(Action.DELETE))));

        assertThat(mixed.allowsEvery(Action.READ, Subject.SECRETS)).isTrue();
    }
}
