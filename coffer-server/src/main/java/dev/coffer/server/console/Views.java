package dev.coffer.server.console;

import java.util.List;

/** What the console's templates show, one record per screen (no secret value in any of them). */
public final class Views {

    private Views() {}

    /** The rule editor's subjects and actions (Infisical's names). */
    public static final List<String> RULE_SUBJECTS = List.of(
            "secrets",
            "secret-folders",
            "secret-imports",
            "environments",
            "member",
            "identity",
            "role",
            "tags",
            "service-tokens",
            "audit-logs",
            "settings");

    public static final List<String> RULE_ACTIONS = List.of("read", "create", "edit", "delete");

    /** A value for a URL's query string ({@code ?key=${Views.u(key)}}). */
    public static String u(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    public record Login(String next, String email, String error) {}

    public record ProjectItem(String id, String name, String slug, String description) {}

    public record Projects(List<ProjectItem> projects, int total, String q, String name, String error) {}

    /** One environment of a matrix: slug for links, name for the header. */
    public record Env(String slug, String name) {}

    /** A key in one environment of the matrix: present (with its version) or missing. */
    public record Cell(String env, boolean present, long version, String href) {}

    /** A key against every environment; {@code differs} when two present values are not equal. */
    public record MatrixRow(String key, List<Cell> cells, boolean differs, boolean unknown, boolean missing) {}

    public record Matrix(
            String projectId,
            String projectName,
            String path,
            List<Env> envs,
            List<Chrome.Crumb> folders,
            List<MatrixRow> rows,
            String q,
            int differing,
            int missing) {}

    /** A secret as the folder view lists it: name, comment, version, when; never its value. */
    public record SecretItem(
            String key, String comment, long version, String updated, List<HistoryViews.TagItem> tags) {}

    /** What a pasted .env would do: created, changed or skipped (with why), by name only. */
    public record ImportPlan(List<String> created, List<String> changed, List<String> skipped, String text) {
        public boolean empty() {
            return created.isEmpty() && changed.isEmpty();
        }
    }

    public record Folder(
            String projectId,
            String projectName,
            String env,
            String envName,
            List<Env> envs,
            String path,
            List<Chrome.Crumb> folders,
            List<SecretItem> secrets,
            String q,
            String base,
            String field,
            String error,
            ImportPlan plan,
            String typedKey,
            String typedComment,
            HistoryViews.FolderMore more) {}

    /** One version of a secret in its drawer: number, when, who, whether it deleted the secret. */
    public record VersionItem(long version, String when, String who, boolean deleted, boolean current) {}

    public record SecretPage(
            String projectId,
            String env,
            String path,
            String key,
            String id,
            String comment,
            long version,
            List<VersionItem> versions,
            String base,
            String field,
            String error,
            HistoryViews.SecretMore more) {}

    public record AuditItem(
            String when,
            String eventType,
            String actor,
            int status,
            String environment,
            String path,
            String secrets,
            String ip,
            String href) {}

    public record Audit(
            List<AuditItem> events,
            String since,
            String until,
            String actor,
            String eventType,
            String env,
            String path,
            String secret,
            String error,
            String exportQuery) {}

    /** A member of a project: a person (kind user, by email) or a machine identity (kind identity, by name). */
    public record Member(String id, String kind, String name, String roles, List<String> slugs) {}

    public record Role(String id, String slug, String name, String rules) {}

    /** One option of a choice: its value and what it shows. */
    public record Choice(String value, String label) {}

    /** One row of the rule editor, blank or filled from a stored rule. */
    public record RuleRow(
            int index, String subject, List<String> actions, String environment, String path, boolean deny) {
        public static List<RuleRow> blank(int n) {
            return java.util.stream.IntStream.range(0, n)
                    .mapToObj(i -> new RuleRow(i, "", List.of(), "", "", false))
                    .toList();
        }
    }

    /** A project's people, identities and roles; {@code inviteLink} is shown once, on the answer to an invitation. */
    public record Access(
            String projectId,
            String projectName,
            List<Member> members,
            List<Member> identities,
            String identitiesNote,
            List<Choice> addableIdentities,
            List<Role> roles,
            List<String> roleChoices,
            List<RuleRow> ruleRows,
            String field,
            String error,
            String inviteLink) {}

    /** A custom role's editor; {@code editable} is false when its rules go beyond what the editor can show. */
    public record RoleEdit(
            String projectId,
            String projectName,
            String id,
            String slug,
            String name,
            String rules,
            boolean editable,
            List<RuleRow> ruleRows,
            String field,
            String error) {}

    public record Invite(String token, String error) {}

    /** One of my live sessions: when it started, was last refreshed and ends, from where, with what. */
    public record SessionItem(
            String id, String created, String lastUsed, String expires, String ip, String userAgent, boolean current) {}

    public record Account(String email, List<SessionItem> sessions, String field, String error) {}

    /** A machine identity as the organization's list shows it. */
    public record IdentityItem(String id, String name, String orgRole, String authMethod, String created) {}

    public record Identities(List<IdentityItem> identities, String name, String field, String error) {}

    /** A client secret as listed: its first characters, never the secret. */
    public record ClientSecretItem(
            String id, String prefix, String description, String created, String ends, String uses, boolean expired) {}

    /** One identity; {@code shownSecret} is the client secret just made, on that answer only. */
    public record IdentityPage(
            String id,
            String name,
            String orgRole,
            String clientId,
            List<ClientSecretItem> secrets,
            String shownSecret,
            String field,
            String error) {
        @Override
        public String toString() {
            return "IdentityPage[" + id + "]";
        }
    }

    /** A service token as listed: name, scopes, permissions and dates, never the token. */
    public record TokenItem(
            String id,
            String name,
            String scopes,
            String permissions,
            String created,
            String expires,
            boolean expired) {}

    /** A project's service tokens; {@code shownToken} is the token just made, on that answer only. */
    public record Tokens(
            String projectId,
            String projectName,
            List<TokenItem> tokens,
            List<Env> envs,
            int scopeRows,
            String name,
            String shownToken,
            String field,
            String error) {
        public List<Integer> rows() {
            return java.util.stream.IntStream.range(0, scopeRows).boxed().toList();
        }

        @Override
        public String toString() {
            return "Tokens[" + projectId + "]";
        }
    }
}
