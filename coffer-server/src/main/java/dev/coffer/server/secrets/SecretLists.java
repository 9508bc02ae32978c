package dev.coffer.server.secrets;

import dev.coffer.crypto.Hex;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Policy;
import dev.coffer.server.http.Reply;
import dev.coffer.server.projects.ProjectService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The answer to a secrets list (v3 raw and v4): the JSON body, its ETag (the first 16 bytes of the
 * body's SHA-256, in hex) and a 304 when {@code If-None-Match} names it. The place is authorized on
 * every request; an answer the same actor got before for the same question, at the same data and
 * under the same policy, is taken from {@link ListAnswers} instead of being made again.
 */
final class SecretLists {

    /** What a list asks besides where: see {@link SecretService.ListOptions}; values shown; imports included. */
    record Ask(SecretService.ListOptions options, boolean showValues, boolean withImports) {}

    private final SecretService secrets;
    private final ListAnswers answers;

    SecretLists(SecretService secrets, ListAnswers answers) {
        this.secrets = secrets;
        this.answers = answers;
    }

    Reply answer(Actor actor, SecretService.Location loc, Ask ask, String ifNoneMatch) {
        ProjectService.Scope scope = secrets.readScope(actor, loc);
        ListAnswers.Question q = answers.enabled() ? question(actor, scope, ask) : null;
        if (q == null) return reply(made(actor, scope, ask), ifNoneMatch);
        long generation = answers.generation(q.projectId());
        Policy policy = secrets.policy(actor, scope);
        ListAnswers.Kept kept = answers.find(q, generation, policy);
        if (kept != null) {
            secrets.listed(scope, kept.names());
            if (matches(ifNoneMatch, kept.etag())) return notModified(kept.etag());
            return new Reply(200, answers.body(kept), Map.of("ETag", kept.etag()));
        }
        Made made = made(actor, scope, ask);
        // kept only when the policy did not change while the answer was made
        if (policy.equals(secrets.policy(actor, scope))) {
            answers.keep(q, generation, policy, made.body(), made.etag(), made.names());
        }
        return reply(made, ifNoneMatch);
    }

    /**
     * The question an answer is kept under, or null when it is not kept: a service token's (its scopes
     * are its own policy source) and a person's list that shows their personal overrides.
     */
    private static ListAnswers.Question question(Actor actor, ProjectService.Scope scope, Ask ask) {
        SecretService.ListOptions o = ask.options();
        boolean cacheable = actor.kind() == Actor.Kind.IDENTITY
                || (actor.kind() == Actor.Kind.USER && o.overrides() == SecretService.Overrides.NONE);
        if (!cacheable) return null;
        return new ListAnswers.Question(
                actor.kind(),
                actor.id(),
                actor.orgId(),
                scope.project().id(),
                scope.environment().id(),
                scope.path().toString(),
                o.recursive(),
                o.expand(),
                ask.showValues(),
                ask.withImports(),
                o.overrides(),
                o.tagSlugs(),
                o.metadataFilter());
    }

    private record Made(byte[] body, String etag, List<String> names) {}

    private Made made(Actor actor, ProjectService.Scope scope, Ask ask) {
        boolean view = ask.showValues();
        List<Secret> list = secrets.list(actor, scope, ask.options());
        List<String> names = new ArrayList<>(list.size());
        List<SecretRoutes.RawSecret> shown = new ArrayList<>(list.size());
        for (Secret s : list) {
            shown.add(SecretRoutes.view(s, view));
            names.add(s.key());
        }
        List<Object> imports = new ArrayList<>();
        if (ask.withImports()) {
            for (SecretService.ImportedFolder f :
                    secrets.imports(actor, scope, ask.options().expand())) {
                List<SecretRoutes.RawSecret> in = new ArrayList<>(f.secrets().size());
                for (Secret s : f.secrets()) {
                    in.add(SecretRoutes.view(s, view));
                    names.add(s.key());
                }
                imports.add(new SecretRoutes.ImportView(f.path().toString(), f.environment(), f.folderId(), in));
            }
        }
        byte[] body = ListJson.write(new SecretRoutes.ListBody(shown, imports));
        return new Made(body, etag(body), names);
    }

    /** The ETag of a list body, as clients have always been sent it: 16 bytes of its SHA-256 in hex, quoted. */
    static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + Hex.encode(java.util.Arrays.copyOf(digest, 16)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static Reply reply(Made made, String ifNoneMatch) {
        if (matches(ifNoneMatch, made.etag())) return notModified(made.etag());
        return new Reply(200, made.body(), Map.of("ETag", made.etag()));
    }

    private static Reply notModified(String etag) {
        return new Reply(304, null, Map.of("ETag", etag));
    }

    /** Whether {@code If-None-Match} names the ETag (strong or weak) or is {@code *}. */
    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) return false;
        for (String t : ifNoneMatch.split(",")) {
            String tag = t.trim();
            if (tag.equals(etag) || tag.equals("W/" + etag) || tag.equals("*")) return true;
        }
        return false;
    }
}
