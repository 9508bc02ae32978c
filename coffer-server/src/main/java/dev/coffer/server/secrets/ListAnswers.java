package dev.coffer.server.secrets;

import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Policy;
import dev.coffer.server.cache.SecondMiss;
import dev.coffer.server.http.DeferredBody;
import dev.coffer.server.keys.MemorySeal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The finished answers of secret lists — the JSON body, its ETag and the names of the secrets it shows
 * — kept per actor and question, so that the same actor asking the same thing of unchanged data gets
 * the body with one in-memory decryption (or a 304 with none) instead of reading, filtering and
 * writing it again. The body is sealed with {@link MemorySeal} like {@link FolderCache}'s entries; the
 * ETag and the names (which the database and the audit trail hold in the clear too) are not, so a 304
 * opens nothing.
 *
 * <p>An answer is served only while three things hold: the same actor asks the same {@link Question}
 * (every option that shapes the body is part of it); the project's generation (shared with {@link
 * FolderCache}: commits, changes to the project and to imports move it, on every node) is where it was
 * when the answer was made; and the actor's policy in the project, as the Authorizer computes it for
 * this request (roles, custom rules, temporary roles counted against the clock, organization role), is
 * equal to the policy the answer was made under. Every request still passes the Authorizer's check of
 * the place and records the same audit event.
 *
 * <p>Bounded by the bytes it holds (sealed bodies); when full it drops entries to three quarters of it,
 * and keeps only the answers of questions asked a second time recently ({@link SecondMiss}).
 */
final class ListAnswers {

    /**
     * Everything a list's body depends on besides the data and the policy: who asks, where (resolved
     * ids, normalised path) and every option that changes what is shown.
     */
    record Question(
            Actor.Kind actorKind,
            String actorId,
            String orgId,
            String projectId,
            String environmentId,
            String path,
            boolean recursive,
            boolean expand,
            boolean showValues,
            boolean withImports,
            SecretService.Overrides overrides,
            List<String> tagSlugs,
            List<Metadata.Entry> metadataFilter) {

        Question {
            tagSlugs = List.copyOf(tagSlugs);
            metadataFilter = List.copyOf(metadataFilter);
        }
    }

    /** A kept answer: made at {@code generation} under {@code policy}; the body sealed. */
    record Kept(long generation, Policy policy, String etag, List<String> names, byte[] sealed) {
        @Override
        public String toString() {
            return "Kept[etag=" + etag + ", " + names.size() + " names, " + sealed.length + " bytes sealed]";
        }
    }

    private final ConcurrentHashMap<Question, Kept> entries = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final FolderCache folders;
    private final long maxBytes;
    private final MemorySeal seal = new MemorySeal();
    private final SecondMiss admission = new SecondMiss(4096);

    /** {@code maxBytes} 0 turns it off; so does a folder cache that is off (their generations are shared). */
    ListAnswers(FolderCache folders, long maxBytes) {
        this.folders = folders;
        this.maxBytes = folders.enabled() ? maxBytes : 0;
        // the generations decide freshness; dropping a changed project's answers only frees their room early
        folders.onChanged(projectId -> {
            if (projectId == null) entries.keySet().forEach(this::remove);
            else drop(projectId);
        });
    }

    boolean enabled() {
        return maxBytes > 0;
    }

    /** The project's generation now; read it before making an answer to keep. */
    long generation(String projectId) {
        return folders.generation(projectId);
    }

    /** The answer kept for {@code q} when it is still good at {@code generation} under {@code policy}; else null. */
    Kept find(Question q, long generation, Policy policy) {
        if (maxBytes <= 0) return null;
        Kept k = entries.get(q);
        return k != null && k.generation() == generation && k.policy().equals(policy) ? k : null;
    }

    /** The body of a kept answer, opened once its request is recorded. */
    DeferredBody body(Kept k) {
        byte[] sealed = k.sealed();
        return () -> seal.open(sealed);
    }

    /**
     * Keeps an answer made for {@code q} at {@code generation} under {@code policy}, unless the project
     * changed meanwhile (then it may show what was before the change).
     */
    void keep(Question q, long generation, Policy policy, byte[] body, String etag, List<String> names) {
        if (maxBytes <= 0 || folders.generation(q.projectId()) != generation) return;
        if (bytes.get() >= maxBytes * 3 / 4 && !admission.admit(q)) return; // full: only questions asked again soon
        byte[] sealed = seal.seal(body);
        if (sealed.length > maxBytes / 4) return;
        // each name once, as the audit scope notes them: a kept listing is noted whole (AuditScope.listed)
        Kept k = new Kept(generation, policy, etag, List.copyOf(new LinkedHashSet<>(names)), sealed);
        Kept old = entries.put(q, k);
        long now = bytes.addAndGet(sealed.length - (old == null ? 0 : old.sealed().length));
        // a change may have landed between the check and the put: its drop may have missed this answer
        if (folders.generation(q.projectId()) != generation) remove(q);
        else if (now > maxBytes) shrink();
    }

    private void remove(Question q) {
        Kept old = entries.remove(q);
        if (old != null) bytes.addAndGet(-old.sealed().length);
    }

    private void drop(String projectId) {
        for (Question q : entries.keySet()) if (q.projectId().equals(projectId)) remove(q);
    }

    private void shrink() {
        for (Question q : entries.keySet()) {
            if (bytes.get() <= maxBytes * 3 / 4) return;
            remove(q);
        }
    }

    /** What is kept for {@code q}, or null (for tests: what a heap dump would show). */
    Kept kept(Question q) {
        return entries.get(q);
    }

    /** How many bytes the sealed bodies hold (for tests and the bound). */
    long bytes() {
        return bytes.get();
    }

    @Override
    public String toString() {
        return "ListAnswers[" + entries.size() + " answers, " + bytes.get() + " bytes sealed]";
    }
}
