package dev.coffer.server.secrets;

import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.cache.SecondMiss;
import dev.coffer.server.keys.MemorySeal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The decrypted secrets of a folder (or of everything under it), kept sealed in memory so that the
 * next list of the same place reads no row and opens no ciphertext: one decryption of the whole
 * entry instead. Only what the database says is cached, before any permission is applied: every
 * request still goes through the Authorizer, the audit trail and the response it asks for.
 *
 * <p>Kept fresh by generations: every project has a counter that each commit to its secrets or
 * folders and each change to the project itself (environments, tags, keys, deletion) moves on, on
 * this node right after the commit and on the others through the invalidation channel. An entry is
 * served only while its project's counter is where it was when the entry's rows were read, and an
 * entry read before a change is never stored after it. When the channel may have missed changes, it
 * empties the cache.
 *
 * <p>One secret by name ({@link #find}) is looked up in the same entry as its folder's list, so a get
 * is as fresh as a list and needs no row either. A place whose secrets are too many to keep (over a
 * quarter of the bound) is remembered as such until its project changes: a get there reads its one
 * secret by name rather than the whole folder every time, and a list does not seal it again. So does a get
 * of a place the full cache would not take in.
 *
 * <p>Bounded by the bytes it holds; when full it drops entries to three quarters of the bound, and takes
 * in only places read a second time recently ({@link SecondMiss}), so reads spread over more folders
 * than it holds do not churn it.
 */
final class FolderCache {

    /** A folder ({@code recursive}: with everything under it) of a project's environment. */
    record Place(String projectId, String environmentId, String path, boolean recursive) {}

    /** The place's secrets, sealed, as read at {@code generation}; {@code sealed} null: too many to keep. */
    private record Entry(long generation, byte[] sealed) {
        long size() {
            return sealed == null ? 0 : sealed.length;
        }
    }

    private final ConcurrentHashMap<Place, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicLong> generations = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final long maxBytes;
    private final MemorySeal seal = new MemorySeal();
    private final SecondMiss admission = new SecondMiss(4096);
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    /** {@code maxBytes} 0 turns the cache off. */
    FolderCache(Invalidator invalidator, long maxBytes) {
        this.maxBytes = maxBytes;
        invalidator.on(Invalidator.Topic.COMMIT, key -> changed(projectOf(key)));
        invalidator.on(Invalidator.Topic.PROJECT, this::changed);
        // no folder's rows depend on its imports, but the answers of {@link ListAnswers} do, and they share
        // these generations
        invalidator.on(Invalidator.Topic.IMPORTS, key -> changed(projectOf(key)));
        invalidator.onFlushAll(this::flushAll);
    }

    /** The project of a COMMIT or IMPORTS key ({@code projectId|…}). */
    private static String projectOf(String key) {
        return key.substring(0, Math.max(0, key.indexOf('|')));
    }

    /**
     * Calls {@code listener} right after a project's generation moved on, with the project's id, or with
     * null when every project's did (the invalidation channel may have missed changes).
     */
    void onChanged(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** The secrets of {@code place}: from the cache when fresh, else from {@code read}, then cached. */
    List<Secret> get(Place place, Supplier<List<Secret>> read) {
        if (maxBytes <= 0) return read.get();
        long seen = generation(place.projectId());
        Entry e = entries.get(place);
        if (e != null && e.generation() == seen) {
            return e.sealed() == null ? read.get() : SecretBytes.decode(seal.open(e.sealed()));
        }
        return admits(place) ? readAndKeep(place, seen, read) : read.get();
    }

    /** Reads the place's secrets as of generation {@code seen}, and keeps them. */
    private List<Secret> readAndKeep(Place place, long seen, Supplier<List<Secret>> read) {
        List<Secret> secrets = read.get();
        byte[] plain = SecretBytes.encode(secrets);
        Entry kept = new Entry(seen, plain.length <= maxBytes / 4 ? seal.seal(plain) : null);
        AtomicLong generation = generations.computeIfAbsent(place.projectId(), p -> new AtomicLong());
        if (generation.get() == seen) {
            put(place, kept);
            // a change may have landed between the check and the put: its removal may have missed the entry
            if (generation.get() != seen) remove(place);
        }
        return secrets;
    }

    /**
     * The secret named {@code key} among the secrets of {@code place} (kept as {@link #get} keeps them,
     * {@code readAll} reading them when they are not), or empty when there is none. When the cache is off,
     * or the place holds too many secrets to keep, {@code readOne} reads that one secret instead.
     */
    Optional<Secret> find(Place place, String key, Supplier<List<Secret>> readAll, Supplier<Optional<Secret>> readOne) {
        if (maxBytes <= 0) return readOne.get();
        long seen = generation(place.projectId());
        Entry e = entries.get(place);
        List<Secret> secrets;
        if (e != null && e.generation() == seen) {
            if (e.sealed() == null) return readOne.get();
            secrets = SecretBytes.decode(seal.open(e.sealed()));
        } else if (admits(place)) {
            secrets = readAndKeep(place, seen, readAll);
        } else {
            return readOne.get(); // not kept, and not to be: reading the whole folder would be for nothing
        }
        for (Secret s : secrets) if (s.key().equals(key)) return Optional.of(s);
        return Optional.empty();
    }

    /**
     * The project's generation now: it moves on with every commit, change to the project or to a
     * folder's imports, and when the invalidation channel may have missed changes. Whatever was computed
     * from what this cache served after reading the generation is current as long as it has not moved.
     */
    long generation(String projectId) {
        return generations.computeIfAbsent(projectId, p -> new AtomicLong()).get();
    }

    /** Whether the cache is on (a bound above 0). */
    boolean enabled() {
        return maxBytes > 0;
    }

    /**
     * Whether a place just read should be kept: always while the cache has room, once full only a place
     * read a second time recently ({@link SecondMiss}).
     */
    private boolean admits(Place place) {
        return bytes.get() < maxBytes * 3 / 4 || admission.admit(place);
    }

    private void put(Place place, Entry entry) {
        Entry old = entries.put(place, entry);
        long now = bytes.addAndGet(entry.size() - (old == null ? 0 : old.size()));
        if (now > maxBytes) shrink();
    }

    private void remove(Place place) {
        Entry old = entries.remove(place);
        if (old != null) bytes.addAndGet(-old.size());
    }

    private void shrink() {
        for (Place p : entries.keySet()) {
            if (bytes.get() <= maxBytes * 3 / 4) return;
            remove(p);
        }
    }

    private void changed(String projectId) {
        generations.computeIfAbsent(projectId, p -> new AtomicLong()).incrementAndGet();
        for (Place p : entries.keySet()) if (p.projectId().equals(projectId)) remove(p);
        for (Consumer<String> l : listeners) l.accept(projectId);
    }

    private void flushAll() {
        for (AtomicLong g : generations.values()) g.incrementAndGet();
        for (Place p : entries.keySet()) remove(p);
        for (Consumer<String> l : listeners) l.accept(null);
    }

    /** What is kept for {@code place}, sealed, or null (for tests: what a heap dump would show). */
    byte[] sealed(Place place) {
        Entry e = entries.get(place);
        return e == null ? null : e.sealed();
    }

    /** How many bytes the sealed entries hold (for tests and the bound). */
    long bytes() {
        return bytes.get();
    }

    @Override
    public String toString() {
        return "FolderCache[" + entries.size() + " places, " + bytes.get() + " bytes sealed]";
    }
}
