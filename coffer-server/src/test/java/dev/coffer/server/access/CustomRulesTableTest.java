package dev.coffer.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.server.errors.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Custom roles written in Infisical's format, compiled and asked, as a table: role × subject × action ×
 * place (environment, path, name) → allowed or not. Covers conditions, deny rules, globs and the tricks
 * that try to widen them ({@code /ci-other}, {@code /ci/../prod}, {@code /CI/x}, {@code *}, braces
 * and commas in names and paths), and the grant ceiling (nobody grants more than they hold).
 */
class CustomRulesTableTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ProjectRef PROJECT = new ProjectRef("p1", "Payments", "org1");

    static final String CI_READER = """
            [{"subject":"secrets","action":["read"],
              "conditions":{"environment":"prod","secretPath":{"$glob":"/ci/**"}}},
             {"subject":"secret-folders","action":"read",
              "conditions":{"environment":"prod","secretPath":{"$glob":"/ci/**"}}}]""";

    static final String DESCRIBER = """
            [{"subject":"secrets","action":"describeSecret"}]""";

    static final String NO_PASSWORDS_VIEWER = """
            [{"subject":"secrets","action":["read"]},
             {"subject":"secrets","action":["read","readValue","describeSecret"],"inverted":true,
              "conditions":{"secretName":{"$glob":"*PASSWORD*"}}}]""";

    static final String NAMED = """
            [{"subject":"secrets","action":"read",
              "conditions":{"environment":{"$in":["dev","staging"]},"secretName":{"$glob":"{API,DB}_*"},
                            "secretPath":{"$neq":"/private"}}}]""";

    /** One row: which role, what action on which subject where, and the answer. */
    record Row(String role, Subject subject, Action action, String env, String path, String name, boolean allowed) {}

    @Test
    void theTableOfRolesSubjectsActionsAndPlaces() {
        List<Row> table = List.of(
                // the CI reader: prod under /ci/** and nothing else
                new Row(CI_READER, Subject.SECRETS, Action.READ, "prod", "/ci", "TOKEN", true),
                new Row(CI_READER, Subject.SECRETS, Action.READ_VALUE, "prod", "/ci/deploy/eu", "TOKEN", true),
                new Row(CI_READER, Subject.FOLDERS, Action.READ, "prod", "/ci/deploy", null, true),
                new Row(CI_READER, Subject.SECRETS, Action.READ, "prod", "/ci-other", "TOKEN", false),
                new Row(CI_READER, Subject.SECRETS, Action.READ, "prod", "/ci/../prod", "TOKEN", false),
                new Row(CI_READER, Subject.SECRETS, Action.READ, "prod", "/ci/./x", "TOKEN", false),
                new Row(CI_READER, Subject.SECRETS, Action.READ, "prod", "/CI/x", "TOKEN", false),
                new Row(CI_READER, Subject.SECRETS, Action.READ, "prod", "/", "TOKEN", false),
                new Row(CI_READER, Subject.SECRETS, Action.READ, "prod", "/app/ci", "TOKEN", false),
                new Row(CI_READER, Subject.SECRETS, Action.READ, "Prod", "/ci", "TOKEN", false),
                new Row(CI_READER, Subject.SECRETS, Action.READ, "dev", "/ci", "TOKEN", false),
                new Row(CI_READER, Subject.SECRETS, Action.READ, "prod*", "/ci", "TOKEN", false),
                new Row(CI_READER, Subject.SECRETS, Action.CREATE, "prod", "/ci", "TOKEN", false),
                new Row(CI_READER, Subject.SECRETS, Action.EDIT, "prod", "/ci", "TOKEN", false),
                new Row(CI_READER, Subject.SECRETS, Action.DELETE, "prod", "/ci", "TOKEN", false),
                new Row(CI_READER, Subject.ENVIRONMENTS, Action.READ, null, null, null, false),
                new Row(CI_READER, Subject.PROJECT_IDENTITIES, Action.CREATE, null, null, null, false),
                new Row(CI_READER, Subject.ROLES, Action.CREATE, null, null, null, false),
                // describe without reading values
                new Row(DESCRIBER, Subject.SECRETS, Action.READ, "dev", "/", "KEY", true),
                new Row(DESCRIBER, Subject.SECRETS, Action.READ_VALUE, "dev", "/", "KEY", false),
                // deny beats allow, and a name holding glob characters is literal text
                new Row(NO_PASSWORDS_VIEWER, Subject.SECRETS, Action.READ, "prod", "/", "API_URL", true),
                new Row(NO_PASSWORDS_VIEWER, Subject.SECRETS, Action.READ, "prod", "/", "DB_PASSWORD", false),
                new Row(NO_PASSWORDS_VIEWER, Subject.SECRETS, Action.READ_VALUE, "prod", "/", "PASSWORD", false),
                // $in, braces, $neq; names with *, braces and commas do not widen
                new Row(NAMED, Subject.SECRETS, Action.READ, "dev", "/", "API_KEY", true),
                new Row(NAMED, Subject.SECRETS, Action.READ, "staging", "/x", "DB_URL", true),
                new Row(NAMED, Subject.SECRETS, Action.READ, "prod", "/", "API_KEY", false),
                new Row(NAMED, Subject.SECRETS, Action.READ, "dev", "/private", "API_KEY", false),
                new Row(NAMED, Subject.SECRETS, Action.READ, "dev", "/", "CACHE_KEY", false),
                new Row(NAMED, Subject.SECRETS, Action.READ, "dev", "/", "{API,CACHE}_KEY", false),
                new Row(NAMED, Subject.SECRETS, Action.READ, "dev", "/", "API,CACHE_KEY", false),
                new Row(NAMED, Subject.SECRETS, Action.READ, "dev", "/", "DB_A,B", true),
                new Row(NAMED, Subject.SECRETS, Action.READ, "dev", "/", "*", false),
                new Row(NAMED, Subject.SECRETS, Action.READ, "dev,prod", "/", "API_KEY", false));
        for (Row row : table) {
            Policy policy = policy(row.role());
            Resource r = new Resource(row.subject(), "org1", PROJECT, row.env(), row.path(), row.name(), List.of());
            assertThat(policy.allows(row.action(), r)).as("%s", row).isEqualTo(row.allowed());
        }
    }

    @Test
    void aConditionalRoleIsPossiblyAllowedInItsFolderBeforeNamesAreKnownButNeverEverywhere() {
        Policy ci = policy(CI_READER);
        assertThat(ci.allows(Action.READ, Resource.at(Subject.SECRETS, PROJECT, "prod", "/ci")))
                .as("possibly, before names are known")
                .isTrue();
        assertThat(ci.allows(Action.READ, Resource.at(Subject.SECRETS, PROJECT, "prod", "/other")))
                .isFalse();
        assertThat(ci.allowsEvery(Action.READ, Subject.SECRETS)).isFalse();
    }

    @Test
    void nobodyGrantsMoreThanTheyHold() {
        Policy ci = policy(CI_READER);
        assertThat(ci.notGrantable(rules(CI_READER).getFirst()))
                .as("the same rule")
                .isNull();
        assertThat(ci.notGrantable(rules("""
                        [{"subject":"secrets","action":"read","conditions":{"environment":"prod",
                          "secretPath":{"$glob":"/ci/**"},"secretName":"DEPLOY_KEY"}}]""").getFirst()))
                .as("narrower: one more condition")
                .isNull();
        assertThat(ci.notGrantable(rules("""
                        [{"subject":"secrets","action":"read","conditions":{"secretPath":{"$glob":"/ci/**"}}}]""").getFirst()))
                .as("wider: no environment condition")
                .isEqualTo(Action.READ);
        assertThat(ci.notGrantable(rules("""
                        [{"subject":"secrets","action":"read","conditions":{"environment":"prod",
                          "secretPath":{"$glob":"/**"}}}]""").getFirst())).as("wider glob").isNotNull();
        assertThat(ci.notGrantable(rules("""
                        [{"subject":"secrets","action":"edit","conditions":{"environment":"prod",
                          "secretPath":{"$glob":"/ci/**"}}}]""").getFirst())).isEqualTo(Action.EDIT);
        assertThat(ci.notGrantable(rules("""
                        [{"subject":"secrets","action":"edit","inverted":true}]""").getFirst()))
                .as("a forbidding rule grants nothing")
                .isNull();
        assertThat(Roles.PROJECT_MEMBER.rules().stream().allMatch(r -> Roles.PROJECT_MEMBER.notGrantable(r) == null))
                .isTrue();
        assertThat(Roles.PROJECT_ADMIN.rules().stream().anyMatch(r -> Roles.PROJECT_MEMBER.notGrantable(r) != null))
                .as("a member cannot make an admin")
                .isTrue();
        assertThat(policy(NO_PASSWORDS_VIEWER).notGrantable(rules("""
                        [{"subject":"secrets","action":"read"}]""").getFirst()))
                .as("who is denied some secrets cannot grant them all")
                .isNotNull();
    }

    @Test
    void storedRulesReadBackAsTheyWereGiven() {
        Permissions.Compiled c = Permissions.parse(json(CI_READER), "permissions");
        assertThat(c.normalized().get(1).get("action").get(0).asText()).isEqualTo("read");
        assertThat(c.normalized().get(0).get("inverted").asBoolean()).isFalse();
        assertThat(Permissions.compileStored(c.normalized().toString()).toString())
                .isEqualTo(c.rules().toString());
    }

    @Test
    void conditionsOnSubjectsThatTakeNoneAndEmptyOrMistypedValuesAre422() {
        for (String bad : List.of("""
                [{"subject":"environments","action":"read","conditions":{"environment":"prod"}}]""", """
                [{"subject":"secrets","action":[]}]""", """
                [{"subject":"secrets","action":"read","conditions":{"secretPath":"ci"}}]""", """
                [{"subject":"secrets","action":"read","conditions":{"secretTags":"x"}}]""", """
                [{"subject":"secrets","action":"read","conditions":{"environment":{"$in":"prod"}}}]""", """
                [{"subject":"secrets","action":"read","inverted":"yes"}]""", """
                [{"subject":"secrets","action":"read","extra":1}]""", """
                {"subject":"secrets","action":"read"}""")) {
            assertThatThrownBy(() -> Permissions.parse(json(bad), "permissions"))
                    .as(bad)
                    .isInstanceOf(ApiException.Validation.class);
        }
    }

    private static Policy policy(String json) {
        return new Policy("custom", rules(json));
    }

    private static List<Rule> rules(String json) {
        return Permissions.parse(json(json), "permissions").rules();
    }

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
