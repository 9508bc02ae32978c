package dev.coffer.server.secrets;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.http.Body;
import dev.coffer.server.http.Query;
import dev.coffer.server.http.Request;
import dev.coffer.server.http.Router;
import dev.coffer.server.store.Ids;
import dev.coffer.server.tags.Tag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Infisical's secret routes: v3 raw (single and batch) and v4. The two versions share one service;
 * they differ in parameter names ({@code workspaceId} vs {@code projectId}) and v4's defaults.
 */
public final class SecretRoutes {

    static final String HIDDEN = "<hidden-by-infisical>";
    static final long MAX_REMINDER_DAYS = 365;

    private SecretRoutes() {}

    record RawSecret(
            String id,
            @JsonProperty("_id") String legacyId,
            String workspace,
            String environment,
            long version,
            String type,
            String secretKey,
            SecretValue secretValue,
            SecretValue secretComment,
            String secretReminderNote,
            Integer secretReminderRepeatDays,
            boolean skipMultilineEncoding,
            String createdAt,
            String updatedAt,
            String secretPath,
            boolean secretValueHidden,
            @JsonRawValue String secretMetadata,
            List<Object> tags) {}

    record ListBody(List<RawSecret> secrets, List<Object> imports) {}

    /** One imported folder in a list answer: where it is and its secrets. */
    record ImportView(String secretPath, String environment, String folderId, List<RawSecret> secrets) {}

    static void register(
            Router r, SecretService secrets, SecretLists lists, SecretWrites writes, PersonalOverrides personal) {
        Comparison comparison = new Comparison(secrets);
        r.get("/api/v1/secrets/compare", req -> {
            Query q = req.query();
            String envs = q.get("environments");
            List<Comparison.Row> rows = comparison.compare(
                    req.actor(),
                    q.get("projectId", "workspaceId", "projectSlug", "workspaceSlug"),
                    envs == null ? List.of() : List.of(envs.split(",")),
                    q.get("secretPath", "path"),
                    q.bool("recursive", false));
            return Map.of(
                    "secretPath",
                    q.get("secretPath", "path") == null ? "/" : q.get("secretPath", "path"),
                    "secrets",
                    rows);
        });
        for (String v : List.of("v3/secrets/raw", "v4/secrets")) {
            String base = "/api/" + v;
            // v3 expands references only when asked; v4 expands by default (as Infisical does)
            boolean expandByDefault = v.startsWith("v4");
            r.get(base, req -> list(req, lists, expandByDefault));
            r.get(base + "/{name}", req -> {
                Query q = req.query();
                boolean mine = personal(q.get("type"));
                Integer version = q.integer("version");
                String name = SecretInput.validKey(req.param("name"), "secretName");
                boolean expand = q.bool("expandSecretReferences", expandByDefault);
                Secret s = version == null && !mine && includeImports(q, expandByDefault)
                        ? secrets.getThroughImports(req.actor(), location(q), name, expand)
                        : secrets.get(
                                req.actor(),
                                location(q),
                                name,
                                version == null ? null : version.longValue(),
                                expand,
                                mine);
                return Map.of("secret", view(s, q.bool("viewSecretValue", true)));
            });
            r.post(base + "/{name}", req -> {
                Body b = req.body();
                SecretInput in = input(b, req.param("name"), true);
                return Map.of(
                        "secret",
                        view(
                                personal(b.string("type", null))
                                        ? personal.create(req.actor(), location(b), in)
                                        : writes.create(req.actor(), location(b), in),
                                true));
            });
            r.patch(base + "/{name}", req -> {
                Body b = req.body();
                SecretInput in = input(b, req.param("name"), false).expecting(ifMatch(req.header("if-match")));
                return Map.of(
                        "secret",
                        view(
                                personal(b.string("type", null))
                                        ? personal.update(req.actor(), location(b), in)
                                        : writes.update(req.actor(), location(b), in),
                                true));
            });
            r.delete(base + "/{name}", req -> {
                Body b = req.body();
                String name = SecretInput.validKey(req.param("name"), "secretName");
                return Map.of(
                        "secret",
                        view(
                                personal(b.string("type", null))
                                        ? personal.delete(req.actor(), location(b), name)
                                        : writes.delete(req.actor(), location(b), name),
                                true));
            });
        }
        for (String base : List.of("/api/v3/secrets/batch/raw", "/api/v4/secrets/batch")) {
            r.post(base, req -> {
                Body b = req.body();
                List<SecretInput> in = new ArrayList<>();
                for (Body item : items(b)) {
                    rejectPersonalInBatch(item.string("type", null));
                    in.add(input(item, item.requiredString("secretKey"), true));
                }
                return views(writes.createBatch(req.actor(), location(b), in));
            });
            r.patch(base, req -> {
                Body b = req.body();
                String mode = b.string("mode", "failOnNotFound");
                boolean upsert = switch (mode.toLowerCase()) {
                    case "upsert" -> true;
                    case "failonnotfound" -> false;
                    default -> throw new ApiException.Validation("mode", "'mode' must be failOnNotFound or upsert.");
                };
                List<SecretInput> in = new ArrayList<>();
                for (Body item : items(b)) {
                    rejectPersonalInBatch(item.string("type", null));
                    in.add(input(item, item.requiredString("secretKey"), upsert));
                }
                return views(writes.updateBatch(req.actor(), location(b), in, upsert));
            });
            r.delete(base, req -> {
                Body b = req.body();
                List<String> keys = new ArrayList<>();
                for (Body item : items(b)) {
                    rejectPersonalInBatch(item.string("type", null));
                    keys.add(item.requiredString("secretKey"));
                }
                return views(writes.deleteBatch(req.actor(), location(b), keys));
            });
        }
    }

    private static Object list(Request req, SecretLists lists, boolean expandByDefault) {
        Query q = req.query();
        boolean expand = q.bool("expandSecretReferences", expandByDefault);
        String slugs = q.get("tagSlugs");
        SecretService.ListOptions opts = new SecretService.ListOptions(
                q.bool("recursive", false),
                expand,
                slugs == null
                        ? List.of()
                        : Arrays.stream(slugs.split(","))
                                .map(String::trim)
                                .filter(t -> !t.isEmpty())
                                .toList(),
                Metadata.filter(q.get("metadataFilter")),
                // v3 lists a person's overrides beside the shared secrets; v4 puts them instead, when asked
                !expandByDefault
                        ? SecretService.Overrides.BESIDE
                        : q.bool("includePersonalOverrides", false)
                                ? SecretService.Overrides.REPLACE
                                : SecretService.Overrides.NONE);
        return lists.answer(
                req.actor(),
                location(q),
                new SecretLists.Ask(opts, q.bool("viewSecretValue", true), includeImports(q, expandByDefault)),
                req.header("if-none-match"));
    }

    /** {@code include_imports} (Infisical's v3 name) or {@code includeImports}; v4 includes them by default. */
    private static boolean includeImports(Query q, boolean v4) {
        return q.bool("include_imports", q.bool("includeImports", v4));
    }

    private static Object views(List<Secret> list) {
        return Map.of("secrets", list.stream().map(s -> view(s, true)).toList());
    }

    static RawSecret view(Secret s, boolean showValue) {
        // metadata is stored as JSON that was validated and re-serialised on write, so it is sent as is
        String metadata = s.metadata() == null || s.metadata().isEmpty() ? "[]" : s.metadata();
        return new RawSecret(
                s.id(),
                s.id(),
                s.projectId(),
                s.environment(),
                s.version(),
                s.type(),
                s.key(),
                showValue && !s.valueHidden() ? s.value() : new SecretValue(HIDDEN),
                s.comment(),
                s.reminderNote(),
                s.reminderDays(),
                s.skipMultiline(),
                Ids.iso(s.createdAt()),
                Ids.iso(s.updatedAt()),
                s.path().toString(),
                !showValue || s.valueHidden(),
                metadata,
                s.tags().stream().map(SecretRoutes::tag).toList());
    }

    /** A tag as a secret shows it (Infisical's sanitized tag). */
    static Object tag(Tag t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", t.id());
        out.put("slug", t.slug());
        out.put("color", t.color());
        out.put("name", t.name());
        return out;
    }

    private static SecretService.Location location(Query q) {
        return new SecretService.Location(
                q.get("workspaceId", "projectId", "workspaceSlug", "projectSlug"),
                q.get("environment"),
                q.get("secretPath", "path"));
    }

    private static SecretService.Location location(Body b) {
        String project = b.firstString("workspaceId", "projectId", "projectSlug", "workspaceSlug");
        if (project == null)
            throw new ApiException.Validation("workspaceId", "'workspaceId' (or 'projectId') is required.");
        return new SecretService.Location(project, b.requiredString("environment"), b.string("secretPath", "/"));
    }

    private static List<Body> items(Body b) {
        List<Body> items = b.objects("secrets");
        if (items.isEmpty()) throw new ApiException.BadRequest("'secrets' must be a non-empty array.");
        return items;
    }

    private static SecretInput input(Body b, String key, boolean requireValue) {
        String k = SecretInput.validKey(key, "secretKey");
        String newName = b.string("newSecretName", null);
        if (newName != null) SecretInput.validKey(newName, "newSecretName");
        String value = b.string("secretValue", null);
        if (value == null && requireValue) value = "";
        String comment = b.string("secretComment", null);
        Long days = b.integer("secretReminderRepeatDays", null);
        if (days != null && (days < 0 || days > MAX_REMINDER_DAYS)) {
            // stored as a whole number of days: anything else would be stored as another number than was sent
            throw new ApiException.Validation(
                    "secretReminderRepeatDays",
                    "'secretReminderRepeatDays' must be a whole number of days from 0 to " + MAX_REMINDER_DAYS + ".");
        }
        JsonNode meta = b.raw("secretMetadata");
        if (meta == null) meta = b.raw("metadata");
        String metadata = meta == null || meta.isNull() ? null : Metadata.fromInput(meta);
        List<String> tagIds = b.has("tagIds") ? List.copyOf(new LinkedHashSet<>(b.strings("tagIds"))) : null;
        Long expected = b.integer("expectedVersion", null);
        if (expected != null && expected < 1) {
            throw new ApiException.Validation(
                    "expectedVersion", "'expectedVersion' must be a version number (1 or more).");
        }
        return new SecretInput(
                k,
                newName,
                value == null ? null : new SecretValue(value),
                comment == null ? null : new SecretValue(comment),
                b.bool("skipMultilineEncoding", null),
                b.string("secretReminderNote", null),
                days == null ? null : days.intValue(),
                metadata,
                expected,
                tagIds);
    }

    /** The version an {@code If-Match} header names: {@code 3}, {@code "3"} or {@code W/"3"}; null when absent. */
    private static Long ifMatch(String header) {
        if (header == null || header.isBlank()) return null;
        String v = header.trim();
        if (v.startsWith("W/")) v = v.substring(2);
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length() - 1);
        try {
            long n = Long.parseLong(v);
            if (n >= 1) return n;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException.BadRequest("If-Match must name the version the change expects, e.g. If-Match: \"3\" "
                + "(the secret's 'version'); got '" + (v.length() > 40 ? v.substring(0, 40) + "…" : v) + "'.");
    }

    /** Whether {@code type} asks for a person's override ('personal') rather than the shared secret. */
    private static boolean personal(String type) {
        if (type == null || type.equals("shared")) return false;
        if (type.equals("personal")) return true;
        throw new ApiException.Validation("type", "'type' must be 'shared' or 'personal'.");
    }

    private static void rejectPersonalInBatch(String type) {
        if (personal(type)) {
            throw new ApiException.BadRequest("Batches write shared secrets; write a personal override one at a "
                    + "time (POST /api/v3/secrets/raw/{name} with type 'personal').");
        }
    }
}
