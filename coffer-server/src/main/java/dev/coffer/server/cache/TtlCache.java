package dev.coffer.server.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A bounded cache whose entries live at most {@code ttl}. Entries are dropped by the
 * {@link Invalidator} when what they hold changes; the TTL only bounds how long a node can be wrong
 * when a notification is lost. A load that raced with an invalidation is returned but not kept, so a
 * value read before a change cannot be cached after it.
 *
 * <p>Values are never null; a loader that finds nothing returns an empty {@code Optional} (which is
 * cached like any value) or throws (nothing is cached).
 */
public final class TtlCache<K, V> {

    private record Entry<V>(V value, long loadedAt) {}

    private final int maxEntries;
    private final long ttlMillis;
    private final Clock clock;
    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    public TtlCache(int maxEntries, Duration ttl, Clock clock) {
        if (maxEntries < 1) throw new IllegalArgumentException("maxEntries must be positive");
        this.maxEntries = maxEntries;
        this.ttlMillis = ttl.toMillis();
        this.clock = clock;
    }

    /** The cached value for {@code key}, loading it when absent or older than the TTL. */
    public V get(K key, Function<? super K, ? extends V> loader) {
        return get(key, loader, v -> true);
    }

    /** Like {@link #get(Object, Function)}, keeping a loaded value only when {@code keep} accepts it. */
    public V get(K key, Function<? super K, ? extends V> loader, Predicate<? super V> keep) {
        long now = clock.millis();
        Entry<V> e = entries.get(key);
        if (e != null && now - e.loadedAt() < ttlMillis && now >= e.loadedAt()) return e.value();
        long gen = generation.get();
        V value = loader.apply(key);
        if (value == null) throw new IllegalStateException("cache loaders return a value or throw");
        if (generation.get() == gen && keep.test(value)) {
            if (entries.size() >= maxEntries) evict(now);
            entries.put(key, new Entry<>(value, now));
        }
        return value;
    }

    public void invalidate(K key) {
        generation.incrementAndGet();
        entries.remove(key);
    }

    /** Drops every entry whose value matches, e.g. all tokens of one identity. */
    public void invalidateIf(Predicate<? super V> matches) {
        generation.incrementAndGet();
        entries.values().removeIf(e -> matches.test(e.value()));
    }

    /** Drops every entry whose key matches, e.g. all memberships of one identity. */
    public void invalidateKeys(Predicate<? super K> matches) {
        generation.incrementAndGet();
        entries.keySet().removeIf(matches);
    }

    public void clear() {
        generation.incrementAndGet();
        entries.clear();
    }

    public int size() {
        return entries.size();
    }

    /** Drops expired entries, then (still full) about a tenth of the rest. */
    private void evict(long now) {
        entries.values().removeIf(e -> now - e.loadedAt() >= ttlMillis);
        if (entries.size() < maxEntries) return;
        int drop = Math.max(1, maxEntries / 10);
        Iterator<K> it = entries.keySet().iterator();
        while (drop-- > 0 && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
