package dev.coffer.server.servicetokens;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Authorizer;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.http.Body;
import dev.coffer.server.http.Query;
import dev.coffer.server.http.Request;
import dev.coffer.server.http.Router;
import dev.coffer.server.keys.WorkspaceKeys;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.secrets.Secret;
import dev.coffer.server.secrets.SecretInput;
import dev.coffer.server.secrets.SecretService;
import dev.coffer.server.secrets.SecretValue;
import dev.coffer.server.secrets.SecretsFeature;
import dev.coffer.server.store.Ids;
import java.util.List;
import java.util.Map;

/**
 * Infisical's end-to-end-encrypted v3 secret routes, as the 1.x Python client uses them with a service
 * token: names, values and comments travel sealed under the token's workspace key (which the client
 * unwraps with its {@code <key>}). The server holds the plaintext and seals it on the fly, so this is
 * the wire format of end-to-end encryption only. Reads and writes go through the same services,
 * scopes and policy as the raw routes.
 */
final class EncryptedSecretRoutes {

    record EncryptedSecret(
            String id,
            @JsonProperty("_id") String legacyId,
            long version,
            String workspace,
            String type,
            String user,
            String environment,
            String secretPath,
            String secretKeyCiphertext,
            @JsonProperty("secretKeyIV") String secretKeyIv,
            String secretKeyTag,
            String secretValueCiphertext,
            @JsonProperty("secretValueIV") String secretValueIv,
            String secretValueTag,
            String secretCommentCiphertext,
            @JsonProperty("secretCommentIV") String secretCommentIv,
            String secretCommentTag,
            List<Object> tags,
            String createdAt,
            String updatedAt) {}

    record ListBody(List<EncryptedSecret> secrets, List<Object> imports) {}

    private EncryptedSecretRoutes() {}

    static void register(
            Router r,
            SecretsFeature.Services secrets,
            ServiceTokens tokens,
            WorkspaceKeys keys,
            ProjectService projects,
            Authorizer authorizer) {
        String base = "/api/v3/secrets";
        KeyOf workspaceKey = req -> {
            if (req.actor().kind() != Actor.Kind.SERVICE_TOKEN) {
                // an outsider learns nothing (403/404 for the project) before being told what this route is for
                authorizer.policyIn(
                        req.actor(),
                        projects.find(location(req, tokens).project()).ref());
                throw new ApiException.BadRequest("These routes seal secrets under a service token's workspace key "
                        + "and take only service tokens (Bearer st.<id>.<secret>); machine identities use "
                        + "/api/v3/secrets/raw or /api/v4/secrets.");
            }
            return keys.workspaceKey(tokens.tokenOf(req.actor()).id());
        };
        r.get(base, req -> {
            String key = workspaceKey.of(req);
            Query q = req.query();
            q.bool("include_imports", false); // validated; imports are not supported yet, so there are none
            List<Secret> list = secrets.reads().list(req.actor(), location(req, tokens), false, false);
            return new ListBody(list.stream().map(s -> sealed(s, key)).toList(), List.of());
        });
        r.get(base + "/{name}", req -> {
            String key = workspaceKey.of(req);
            String name = SecretInput.validKey(req.param("name"), "secretName");
            return Map.of(
                    "secret", sealed(secrets.reads().get(req.actor(), location(req, tokens), name, null, false), key));
        });
        r.post(base + "/{name}", req -> {
            String key = workspaceKey.of(req);
            Body b = req.body();
            rejectPersonal(b);
            String name = SecretInput.validKey(req.param("name"), "secretName");
            requireName(key, b, name);
            SecretInput in = new SecretInput(
                    name, null, new SecretValue(open(key, b, "secretValue")), comment(key, b), null, null, null, null);
            return Map.of("secret", sealed(secrets.writes().create(req.actor(), location(req, tokens), in), key));
        });
        r.patch(base + "/{name}", req -> {
            String key = workspaceKey.of(req);
            Body b = req.body();
            rejectPersonal(b);
            String name = SecretInput.validKey(req.param("name"), "secretName");
            SecretValue value = b.has("secretValueCiphertext") ? new SecretValue(open(key, b, "secretValue")) : null;
            SecretInput in = new SecretInput(name, null, value, comment(key, b), null, null, null, null);
            return Map.of("secret", sealed(secrets.writes().update(req.actor(), location(req, tokens), in), key));
        });
        r.delete(base + "/{name}", req -> {
            String key = workspaceKey.of(req);
            rejectPersonal(req.body());
            String name = SecretInput.validKey(req.param("name"), "secretName");
            return Map.of("secret", sealed(secrets.writes().delete(req.actor(), location(req, tokens), name), key));
        });
    }

    /** The workspace key of the token that made a request. */
    @FunctionalInterface
    private interface KeyOf {
        String of(Request req);
    }

    /** Where the request points; the token's own project when it names none (GET query or JSON body). */
    private static SecretService.Location location(Request req, ServiceTokens tokens) {
        Query q = req.query();
        String project;
        String env;
        String path;
        if (req.method().equals("GET")) {
            project = q.get("workspaceId", "projectId");
            env = q.get("environment");
            path = q.get("secretPath", "path");
        } else {
            Body b = req.body();
            project = b.firstString("workspaceId", "projectId");
            env = b.string("environment", null);
            path = b.string("secretPath", null);
        }
        if ((project == null || project.isBlank()) && req.actor().kind() == Actor.Kind.SERVICE_TOKEN) {
            project = tokens.tokenOf(req.actor()).projectId();
        }
        return new SecretService.Location(project, env, path == null || path.isBlank() ? "/" : path);
    }

    private static EncryptedSecret sealed(Secret s, String key) {
        WorkspaceKeys.Sealed name = WorkspaceKeys.seal(key, s.key());
        WorkspaceKeys.Sealed value = WorkspaceKeys.seal(key, s.value().reveal());
        WorkspaceKeys.Sealed comment =
                WorkspaceKeys.seal(key, s.comment() == null ? "" : s.comment().reveal());
        return new EncryptedSecret(
                s.id(),
                s.id(),
                s.version(),
                s.projectId(),
                "shared",
                null,
                s.environment(),
                s.path().toString(),
                name.ciphertext(),
                name.iv(),
                name.tag(),
                value.ciphertext(),
                value.iv(),
                value.tag(),
                comment.ciphertext(),
                comment.iv(),
                comment.tag(),
                List.of(),
                Ids.iso(s.createdAt()),
                Ids.iso(s.updatedAt()));
    }

    private static String open(String key, Body b, String field) {
        String ct = b.string(field + "Ciphertext", null);
        if (ct == null)
            throw new ApiException.Validation(field + "Ciphertext", "'" + field + "Ciphertext' is required.");
        return WorkspaceKeys.open(
                key, new WorkspaceKeys.Sealed(ct, b.string(field + "IV", null), b.string(field + "Tag", null)), field);
    }

    private static SecretValue comment(String key, Body b) {
        String ct = b.string("secretCommentCiphertext", null);
        if (ct == null || (ct.isEmpty() && b.string("secretCommentIV", "").isEmpty())) return null;
        return new SecretValue(open(key, b, "secretComment"));
    }

    private static void requireName(String key, Body b, String name) {
        if (b.string("secretKeyCiphertext", null) == null) return;
        if (!open(key, b, "secretKey").equals(name)) {
            throw new ApiException.BadRequest(
                    "'secretKeyCiphertext' does not hold the name in the path; seal the secret's name with the workspace key.");
        }
    }

    private static void rejectPersonal(Body b) {
        String type = b.string("type", null);
        if (type == null || type.equals("shared")) return;
        throw new ApiException.Validation(
                "type", "Service tokens write shared secrets only; send 'type': 'shared' (or leave it out).");
    }
}
