package dev.coffer.server.access;

import static dev.coffer.server.access.Condition.Field.ENVIRONMENT;
import static dev.coffer.server.access.Condition.Field.SECRET_NAME;
import static dev.coffer.server.access.Condition.Field.SECRET_PATH;
import static dev.coffer.server.access.Condition.Field.SECRET_TAGS;
import static dev.coffer.server.access.Condition.Op.EQ;
import static dev.coffer.server.access.Condition.Op.GLOB;
import static dev.coffer.server.access.Condition.Op.IN;
import static dev.coffer.server.access.Condition.Op.NEQ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.server.errors.ApiException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The policy engine: the built-in roles allow exactly what they promise, a forbidding rule beats any
 * allowing one, conditions test environment, path, name and tags exactly, a field the caller does not
 * know yet is "possibly" for allowing rules and "not proven" for forbidding ones, and a value from a
 * request is never interpreted as a pattern.
 */
class PolicyTest {

    private static final ProjectRef PROJECT = new ProjectRef("p1", "Payments", "org1");
    private static final Set<Action> READING = EnumSet.of(Action.READ, Action.READ_VALUE);
    private static final Set<Action> WRITING = EnumSet.of(Action.CREATE, Action.EDIT, Action.DELETE);
    private static final Set<Subject> MEMBER_WRITES =
            EnumSet.of(Subject.SECRETS, Subject.FOLDERS, Subject.SECRET_IMPORTS, Subject.TAGS);

    // ---------------------------------------------------------------- built-in project roles

    @Test
    void aProjectAdminMayDoEverythingToEveryProjectSubjectButNothingInTheOrganization() {
        for (Subject s : Subject.values()) {
            for (Action a : Action.values()) {
                assertThat(Roles.PROJECT_ADMIN.allows(a, resource(s)))
                        .as("%s %s", a, s)
                        .isEqualTo(s.inProject());
            }
        }
    }

    @Test
    void aProjectMemberReadsEverythingAndWritesOnlySecretsFoldersImportsAndTags() {
        for (Subject s : projectSubjects()) {
            for (Action a : Action.values()) {
                boolean expected = READING.contains(a) || MEMBER_WRITES.contains(s);
                assertThat(Roles.PROJECT_MEMBER.allows(a, resource(s)))
                        .as("%s %s", a, s)
                        .isEqualTo(expected);
            }
        }
        assertThat(Roles.PROJECT_MEMBER.allows(Action.EDIT, resource(Subject.MEMBERS)))
                .isFalse();
        assertThat(Roles.PROJECT_MEMBER.allows(Action.DELETE, resource(Subject.ENVIRONMENTS)))
                .isFalse();
        assertThat(Roles.PROJECT_MEMBER.allows(Action.EDIT, resource(Subject.PROJECT)))
                .isFalse();
    }

    @Test
    void aProjectViewerReadsNamesAndValuesOfEverythingAndWritesNothing() {
        for (Subject s : projectSubjects()) {
            for (Action a : Action.values()) {
                assertThat(Roles.PROJECT_VIEWER.allows(a, resource(s)))
                        .as("%s %s", a, s)
                        .isEqualTo(READING.contains(a));
            }
        }
    }

    @Test
    void theNoAccessProjectRoleAllowsNothingAtAll() {
        for (Subject s : Subject.values()) {
            for (Action a : Action.values()) {
                assertThat(Roles.PROJECT_NO_ACCESS.allows(a, resource(s)))
                        .as("%s %s", a, s)
                        .isFalse();
            }
        }
    }

    @Test
    void noProjectRoleGrantsOrganizationSubjects() {
        for (Policy role : List.of(Roles.PROJECT_ADMIN, Roles.PROJECT_MEMBER, Roles.PROJECT_VIEWER)) {
            for (Action a : Action.values()) {
                assertThat(role.allows(a, Resource.inOrg(Subject.PROJECTS, "org1")))
                        .as("%s %s", role.slug(), a)
                        .isFalse();
                assertThat(role.allows(a, Resource.inOrg(Subject.IDENTITIES, "org1")))
                        .as("%s %s", role.slug(), a)
                        .isFalse();
            }
        }
    }

    // ---------------------------------------------------------------- built-in organization roles

    @Test
    void anOrganizationAdminMayDoEverything() {
        for (Subject s : Subject.values()) {
            for (Action a : Action.values()) {
                assertThat(Roles.ORG_ADMIN.allows(a, resource(s)))
                        .as("%s %s", a, s)
                        .isTrue();
            }
        }
    }

    @Test
    void anOrganizationMemberMayOnlyCreateProjects() {
        for (Subject s : Subject.values()) {
            for (Action a : Action.values()) {
                boolean expected = s == Subject.PROJECTS && a == Action.CREATE;
                assertThat(Roles.ORG_MEMBER.allows(a, resource(s)))
                        .as("%s %s", a, s)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void theNoAccessOrganizationRoleAllowsNothing() {
        for (Subject s : Subject.values()) {
            for (Action a : Action.values()) {
                assertThat(Roles.ORG_NO_ACCESS.allows(a, resource(s)))
                        .as("%s %s", a, s)
                        .isFalse();
            }
        }
    }

    // ---------------------------------------------------------------- slugs

    @Test
    void roleSlugsAreComparedExactlySoAdminWithACapitalIsNoRoleAndGrantsNothing() {
        for (String slug :
                List.of("Admin", "ADMIN", " admin", "admin ", "Member", "viewer\n", "noaccess", "", "owner")) {
            assertThat(Roles.project(slug)).as("project role '%s'", slug).isSameAs(Roles.PROJECT_NO_ACCESS);
            assertThat(Roles.organization(slug))
                    .as("organization role '%s'", slug)
                    .isSameAs(Roles.ORG_NO_ACCESS);
            assertThat(Roles.project(slug).allows(Action.READ, resource(Subject.SECRETS)))
                    .isFalse();
        }
        assertThat(Roles.project("admin")).isSameAs(Roles.PROJECT_ADMIN);
        assertThat(Roles.project("member")).isSameAs(Roles.PROJECT_MEMBER);
        assertThat(Roles.project("viewer")).isSameAs(Roles.PROJECT_VIEWER);
        assertThat(Roles.organization("admin")).isSameAs(Roles.ORG_ADMIN);
        assertThat(Roles.organization("member")).isSameAs(Roles.ORG_MEMBER);
    }

    @Test
    void aRoleSlugFromARequestMustBeExactlyAKnownOne() {
        assertThat(Roles.requireProjectRole("viewer", "role")).isEqualTo("viewer");
        assertThatThrownBy(() -> Roles.requireProjectRole("Admin", "role"))
                .isInstanceOf(ApiException.BadRequest.class)
                .hasMessageContaining("'Admin'")
                .hasMessageContaining("admin, member, viewer, no-access");
        assertThat(Roles.requireOrgRole("member")).isEqualTo("member");
        assertThatThrownBy(() -> Roles.requireOrgRole("viewer")).isInstanceOf(ApiException.BadRequest.class);
    }

    // ---------------------------------------------------------------- rules and conditions

    @Test
    void nothingIsAllowedWithoutARuleAndARuleCoversOnlyItsSubjectAndActions() {
        Policy p = new Policy("custom", List.of(Rule.allow(Subject.SECRETS, EnumSet.of(Action.READ))));
        assertThat(p.allows(Action.READ, secret("dev", "/", "A"))).isTrue();
        assertThat(p.allows(Action.READ_VALUE, secret("dev", "/", "A"))).isFalse();
        assertThat(p.allows(Action.READ, Resource.at(Subject.FOLDERS, PROJECT, "dev", "/")))
                .isFalse();
        assertThat(new Policy("empty", List.of()).allows(Action.READ, secret("dev", "/", "A")))
                .isFalse();
    }

    @Test
    void aForbiddingRuleBeatsAnAllowingOneWhicheverComesFirst() {
        Rule allowAll = Rule.allow(Subject.SECRETS, READING);
        Rule denyProd = Rule.deny(Subject.SECRETS, READING, Condition.of(ENVIRONMENT, EQ, "prod"));
        for (Policy p : List.of(
                new Policy("deny-last", List.of(allowAll, denyProd)),
                new Policy("deny-first", List.of(denyProd, allowAll)))) {
            assertThat(p.allows(Action.READ_VALUE, secret("prod", "/", "A")))
                    .as(p.slug())
                    .isFalse();
            assertThat(p.allows(Action.READ_VALUE, secret("dev", "/", "A")))
                    .as(p.slug())
                    .isTrue();
        }
    }

    @Test
    void aForbiddingRuleWhoseConditionsDoNotAllHoldForbidsNothing() {
        Policy p = new Policy(
                "custom",
                List.of(
                        Rule.allow(Subject.SECRETS, READING),
                        Rule.deny(
                                Subject.SECRETS,
                                READING,
                                Condition.of(ENVIRONMENT, EQ, "prod"),
                                Condition.of(SECRET_NAME, EQ, "KEY"))));
        assertThat(p.allows(Action.READ, secret("prod", "/", "OTHER"))).isTrue();
        assertThat(p.allows(Action.READ, secret("dev", "/", "KEY"))).isTrue();
        assertThat(p.allows(Action.READ, secret("prod", "/", "KEY"))).isFalse();
    }

    @Test
    void eqAndNeqCompareExactlyWithoutCaseFoldingOrTrimming() {
        Policy eq = readSecretsWhere(Condition.of(ENVIRONMENT, EQ, "prod"));
        assertThat(eq.allows(Action.READ, secret("prod", "/", "A"))).isTrue();
        assertThat(eq.allows(Action.READ, secret("Prod", "/", "A"))).isFalse();
        assertThat(eq.allows(Action.READ, secret("prod ", "/", "A"))).isFalse();
        Policy neq = readSecretsWhere(Condition.of(SECRET_NAME, NEQ, "ROOT_PASSWORD"));
        assertThat(neq.allows(Action.READ, secret("dev", "/", "API_KEY"))).isTrue();
        assertThat(neq.allows(Action.READ, secret("dev", "/", "ROOT_PASSWORD"))).isFalse();
        assertThat(neq.allows(Action.READ, secret("dev", "/", "root_password"))).isTrue();
    }

    @Test
    void inAllowsAnyOfTheListedValuesExactly() {
        Policy p = readSecretsWhere(Condition.of(ENVIRONMENT, IN, "dev", "staging"));
        assertThat(p.allows(Action.READ, secret("dev", "/", "A"))).isTrue();
        assertThat(p.allows(Action.READ, secret("staging", "/", "A"))).isTrue();
        assertThat(p.allows(Action.READ, secret("prod", "/", "A"))).isFalse();
        assertThat(p.allows(Action.READ, secret("dev,staging", "/", "A"))).isFalse();
        assertThat(p.allows(Action.READ, secret("de", "/", "A"))).isFalse();
    }

    @Test
    void globConditionsTestPathsAndNames() {
        Policy p = readSecretsWhere(Condition.of(SECRET_PATH, GLOB, "/app/*"), Condition.of(SECRET_NAME, GLOB, "DB_*"));
        assertThat(p.allows(Action.READ, secret("dev", "/app/api", "DB_URL"))).isTrue();
        assertThat(p.allows(Action.READ, secret("dev", "/app/api/v2", "DB_URL")))
                .isFalse();
        assertThat(p.allows(Action.READ, secret("dev", "/app/api", "API_KEY"))).isFalse();
    }

    @Test
    void tagConditionsNeedOneMatchingTagAndNeqNeedsEveryTagToDiffer() {
        Policy eq = readSecretsWhere(Condition.of(SECRET_TAGS, EQ, "ci"));
        assertThat(eq.allows(Action.READ, secret("dev", "/", "A", "db", "ci"))).isTrue();
        assertThat(eq.allows(Action.READ, secret("dev", "/", "A", "db"))).isFalse();
        assertThat(eq.allows(Action.READ, secret("dev", "/", "A")))
                .as("no tags at all")
                .isFalse();
        Policy in = readSecretsWhere(Condition.of(SECRET_TAGS, IN, "ci", "deploy"));
        assertThat(in.allows(Action.READ, secret("dev", "/", "A", "deploy"))).isTrue();
        Policy glob = readSecretsWhere(Condition.of(SECRET_TAGS, GLOB, "team-*"));
        assertThat(glob.allows(Action.READ, secret("dev", "/", "A", "x", "team-web")))
                .isTrue();
        assertThat(glob.allows(Action.READ, secret("dev", "/", "A", "web-team")))
                .isFalse();
        Policy neq = readSecretsWhere(Condition.of(SECRET_TAGS, NEQ, "restricted"));
        assertThat(neq.allows(Action.READ, secret("dev", "/", "A", "db", "ci"))).isTrue();
        assertThat(neq.allows(Action.READ, secret("dev", "/", "A", "db", "restricted")))
                .isFalse();
    }

    @Test
    void aForbiddingTagRuleHidesEverySecretCarryingThatTag() {
        Policy p = new Policy(
                "custom",
                List.of(
                        Rule.allow(Subject.SECRETS, READING),
                        Rule.deny(
                                Subject.SECRETS, EnumSet.of(Action.READ_VALUE), Condition.of(SECRET_TAGS, EQ, "pii"))));
        assertThat(p.allows(Action.READ_VALUE, secret("prod", "/", "EMAIL_KEY", "app", "pii")))
                .isFalse();
        assertThat(p.allows(Action.READ, secret("prod", "/", "EMAIL_KEY", "app", "pii")))
                .as("the name stays visible")
                .isTrue();
        assertThat(p.allows(Action.READ_VALUE, secret("prod", "/", "OTHER", "app")))
                .isTrue();
    }

    @Test
    void readingProductionSecretsUnderCiAllowsCiAndBelowInProdOnly() {
        Policy p = readSecretsWhere(Condition.of(ENVIRONMENT, EQ, "prod"), Condition.of(SECRET_PATH, GLOB, "/ci/**"));
        assertThat(p.allows(Action.READ_VALUE, secret("prod", "/ci", "TOKEN"))).isTrue();
        assertThat(p.allows(Action.READ_VALUE, secret("prod", "/ci/a", "TOKEN")))
                .isTrue();
        assertThat(p.allows(Action.READ_VALUE, secret("prod", "/ci/a/b", "TOKEN")))
                .isTrue();
        assertThat(p.allows(Action.READ_VALUE, secret("dev", "/ci", "TOKEN")))
                .as("another environment")
                .isFalse();
        assertThat(p.allows(Action.READ_VALUE, secret("dev", "/ci/a/b", "TOKEN")))
                .isFalse();
        assertThat(p.allows(Action.READ_VALUE, secret("prod", "/cid", "TOKEN")))
                .as("a sibling sharing the prefix")
                .isFalse();
        assertThat(p.allows(Action.READ_VALUE, secret("prod", "/cid/a", "TOKEN")))
                .isFalse();
        assertThat(p.allows(Action.READ_VALUE, secret("prod", "/", "TOKEN")))
                .as("the parent")
                .isFalse();
        assertThat(p.allows(Action.EDIT, secret("prod", "/ci", "TOKEN")))
                .as("another action")
                .isFalse();
    }

    // ---------------------------------------------------------------- unknown fields

    @Test
    void anUnknownFieldMeetsAnAllowingRulesConditionSoTheAnswerIsPossibly() {
        Policy p = readSecretsWhere(Condition.of(ENVIRONMENT, EQ, "prod"), Condition.of(SECRET_NAME, GLOB, "CI_*"));
        Resource folderInProd = Resource.at(Subject.SECRETS, PROJECT, "prod", "/");
        assertThat(p.allows(Action.READ, folderInProd))
                .as("names unknown: possibly")
                .isTrue();
        assertThat(p.allows(Action.READ, Resource.inProject(Subject.SECRETS, PROJECT)))
                .as("all unknown")
                .isTrue();
        assertThat(p.allows(Action.READ, Resource.at(Subject.SECRETS, PROJECT, "dev", "/")))
                .as("a known field that fails still decides")
                .isFalse();
        assertThat(p.allows(Action.READ, folderInProd.secret("OTHER", List.of())))
                .as("the item, once known")
                .isFalse();
        assertThat(p.allows(Action.READ, folderInProd.secret("CI_TOKEN", List.of())))
                .isTrue();
    }

    @Test
    void anUnknownFieldDoesNotMeetAForbiddingRulesConditionSoTheItemsMustBeCheckedOneByOne() {
        Policy p = new Policy(
                "custom",
                List.of(
                        Rule.allow(Subject.SECRETS, READING),
                        Rule.deny(Subject.SECRETS, READING, Condition.of(SECRET_NAME, EQ, "ROOT_PASSWORD"))));
        Resource folder = Resource.at(Subject.SECRETS, PROJECT, "prod", "/");
        assertThat(p.allows(Action.READ, folder))
                .as("listing the folder: possibly")
                .isTrue();
        assertThat(p.allows(Action.READ, folder.secret("ROOT_PASSWORD", List.of())))
                .isFalse();
        assertThat(p.allows(Action.READ, folder.secret("API_KEY", List.of()))).isTrue();
    }

    @Test
    void tagsAreUnknownUntilTheSecretIsNamed() {
        Policy allow = readSecretsWhere(Condition.of(SECRET_TAGS, EQ, "ci"));
        Policy deny = new Policy(
                "custom",
                List.of(
                        Rule.allow(Subject.SECRETS, READING),
                        Rule.deny(Subject.SECRETS, READING, Condition.of(SECRET_TAGS, NEQ, "ci"))));
        Resource folder = Resource.at(Subject.SECRETS, PROJECT, "dev", "/");
        assertThat(allow.allows(Action.READ, folder)).isTrue();
        assertThat(deny.allows(Action.READ, folder)).isTrue();
        assertThat(deny.allows(Action.READ, folder.secret("A", List.of("db")))).isFalse();
        assertThat(deny.allows(Action.READ, folder.secret("A", List.of("ci")))).isTrue();
    }

    // ---------------------------------------------------------------- values are literal

    @Test
    void aRequestValueHoldingGlobSyntaxIsMatchedLiterallyAndCannotWidenAGrant() {
        Policy byPath =
                readSecretsWhere(Condition.of(ENVIRONMENT, EQ, "prod"), Condition.of(SECRET_PATH, GLOB, "/ci/**"));
        for (String path : List.of("*", "**", "/**", "/*", "/c*", "/{ci,prod}", "/ci,/prod", "{/ci}", "/c?", ".*")) {
            assertThat(byPath.allows(Action.READ_VALUE, secret("prod", path, "TOKEN")))
                    .as("path '%s'", path)
                    .isFalse();
        }
        for (String env : List.of("*", "**", "p*", "{prod}", "prod,dev", "pro?")) {
            assertThat(byPath.allows(Action.READ_VALUE, secret(env, "/ci", "TOKEN")))
                    .as("environment '%s'", env)
                    .isFalse();
        }
        Policy byName = readSecretsWhere(Condition.of(SECRET_NAME, GLOB, "CI_{TOKEN,URL}"));
        for (String name : List.of("*", "CI_*", "CI_{TOKEN,URL}", "CI_{TOKEN,ROOT}", "CI_TOKEN,ROOT", "**")) {
            assertThat(byName.allows(Action.READ, secret("dev", "/", name)))
                    .as("name '%s'", name)
                    .isFalse();
        }
        Policy byTag = readSecretsWhere(Condition.of(SECRET_TAGS, IN, "ci"));
        assertThat(byTag.allows(Action.READ, secret("dev", "/", "A", "*"))).isFalse();
        assertThat(byTag.allows(Action.READ, secret("dev", "/", "A", "ci,db"))).isFalse();
    }

    @Test
    void aForbiddingGlobStillCatchesValuesThatHoldGlobSyntaxLiterally() {
        Policy p = new Policy(
                "custom",
                List.of(
                        Rule.allow(Subject.SECRETS, READING),
                        Rule.deny(Subject.SECRETS, READING, Condition.of(SECRET_PATH, GLOB, "/secure/**"))));
        assertThat(p.allows(Action.READ, secret("dev", "/secure/*", "A"))).isFalse();
        assertThat(p.allows(Action.READ, secret("dev", "/secure/{a,b}", "A"))).isFalse();
        assertThat(p.allows(Action.READ, secret("dev", "/secur*", "A")))
                .as("no match, so not forbidden")
                .isTrue();
    }

    @Test
    void aConditionWithAnUnclosedBraceCannotBeCompiled() {
        assertThatThrownBy(() -> Condition.of(SECRET_PATH, GLOB, "/app/{a,b"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- helpers

    private static Policy readSecretsWhere(Condition... conditions) {
        return new Policy("custom", List.of(Rule.allow(Subject.SECRETS, READING, conditions)));
    }

    private static Resource secret(String env, String path, String name, String... tags) {
        return Resource.at(Subject.SECRETS, PROJECT, env, path).secret(name, List.of(tags));
    }

    private static Resource resource(Subject s) {
        return s.inProject() ? Resource.at(s, PROJECT, "dev", "/") : Resource.inOrg(s, "org1");
    }

    private static List<Subject> projectSubjects() {
        return List.of(Subject.values()).stream().filter(Subject::inProject).toList();
    }
}
