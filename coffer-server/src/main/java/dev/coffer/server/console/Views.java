package dev.coffer.server.console;

import java.util.List;

/** What the console's templates show, one record per screen (no secret value in any of them). */
public final class Views {

    private Views() {}

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

    public record Member(String id, String email, String roles) {}

    public record Role(String slug, String name, String rules) {}

    /** A project's people and roles; {@code inviteLink} is shown once, on the answer to an invitation. */
    public record Access(
            String projectId,
            String projectName,
            List<Member> members,
            List<Role> roles,
            List<String> roleChoices,
            int ruleRows,
            String field,
            String error,
            String inviteLink) {
        public List<Integer> rows() {
            return java.util.stream.IntStream.range(0, ruleRows).boxed().toList();
        }
    }

    public record Invite(String token, String error) {}
}
