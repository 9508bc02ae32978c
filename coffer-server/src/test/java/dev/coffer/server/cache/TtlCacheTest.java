package dev.coffer.server.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.server.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The one cache type: entries live exactly their TTL, loads racing an invalidation are not kept, and it is bounded. */
class TtlCacheTest {

    private static final Duration TTL = Duration.ofSeconds(30);

    private final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00.123Z"));
    private final Map<String, Integer> loads = new HashMap<>();

    /** A loader answering "key#n" for the n-th load of that key, and counting loads. */
    private final Function<String, String> loader = key -> key + "#" + loads.merge(key, 1, Integer::sum);

    private TtlCache<String, String> cache(int maxEntries) {
        return new TtlCache<>(maxEntries, TTL, clock);
    }

    @Test
    void anEntryIsServedFromTheCacheUntilOneMillisecondBeforeItsTtl() {
        TtlCache<String, String> cache = cache(10);
        assertThat(cache.get("a", loader)).isEqualTo("a#1");
        clock.advance(TTL.minusMillis(1));
        assertThat(cache.get("a", loader)).isEqualTo("a#1");
        assertThat(loads).containsEntry("a", 1);
    }

    @Test
    void anEntryIsLoadedAgainExactlyAtItsTtlAndTheNewValueLivesAFullTtlFromThen() {
        TtlCache<String, String> cache = cache(10);
        cache.get("a", loader);
        clock.advance(TTL);
        assertThat(cache.get("a", loader)).isEqualTo("a#2");
        clock.advance(TTL.minusMillis(1));
        assertThat(cache.get("a", loader)).isEqualTo("a#2");
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.get("a", loader)).isEqualTo("a#3");
    }

    @Test
    void anEntryLoadedInTheFutureOfAClockThatWentBackIsLoadedAgain() {
        TtlCache<String, String> cache = cache(10);
        cache.get("a", loader);
        clock.advance(Duration.ofMillis(-1));
        assertThat(cache.get("a", loader)).isEqualTo("a#2");
    }

    @Test
    void anEmptyOptionalIsCachedLikeAnyValue() {
        TtlCache<String, Optional<String>> cache = new TtlCache<>(10, TTL, clock);
        int[] calls = {0};
        Function<String, Optional<String>> nothing = k -> {
            calls[0]++;
            return Optional.empty();
        };
        assertThat(cache.get("gone", nothing)).isEmpty();
        assertThat(cache.get("gone", nothing)).isEmpty();
        assertThat(calls[0]).isEqualTo(1);
    }

    @Test
    void aLoaderThatReturnsNullIsAnErrorAndNothingIsCached() {
        TtlCache<String, String> cache = cache(10);
        assertThatThrownBy(() -> cache.get("a", k -> null)).isInstanceOf(IllegalStateException.class);
        assertThat(cache.size()).isZero();
    }

    @Test
    void aLoaderThatThrowsCachesNothing() {
        TtlCache<String, String> cache = cache(10);
        assertThatThrownBy(() -> cache.get("a", k -> {
                    throw new IllegalArgumentException("database down");
                }))
                .hasMessage("database down");
        assertThat(cache.get("a", loader)).isEqualTo("a#1");
    }

    // ---------------------------------------------------------------- invalidation

    @Test
    void invalidatingAKeyMakesTheNextGetLoadItAgainAndLeavesOtherKeys() {
        TtlCache<String, String> cache = cache(10);
        cache.get("a", loader);
        cache.get("b", loader);
        cache.invalidate("a");
        assertThat(cache.get("a", loader)).isEqualTo("a#2");
        assertThat(cache.get("b", loader)).isEqualTo("b#1");
    }

    @Test
    void aValueLoadedWhileItsKeyWasInvalidatedIsReturnedButNotKept() {
        TtlCache<String, String> cache = cache(10);
        String stale = cache.get("a", key -> {
            String read = loader.apply(key); // read before the change...
            cache.invalidate(key); // ...which commits and invalidates while the load is still under way
            return read;
        });
        assertThat(stale).isEqualTo("a#1");
        assertThat(cache.size()).as("the stale value is not cached").isZero();
        assertThat(cache.get("a", loader)).isEqualTo("a#2");
        assertThat(cache.get("a", loader))
                .as("a load with no invalidation is kept")
                .isEqualTo("a#2");
    }

    @Test
    void anyInvalidationOrClearDuringALoadKeepsThatLoadOutOfTheCache() {
        TtlCache<String, String> cache = cache(10);
        Map<String, Runnable> races = Map.of(
                "invalidateIf", () -> cache.invalidateIf(v -> false),
                "invalidateKeys", () -> cache.invalidateKeys(k -> false),
                "clear", cache::clear,
                "invalidate another key", () -> cache.invalidate("other"));
        races.forEach((name, race) -> {
            cache.get(name, key -> {
                race.run();
                return loader.apply(key);
            });
            assertThat(cache.size()).as(name).isZero();
        });
    }

    @Test
    void invalidateIfDropsTheEntriesWhoseValueMatches() {
        TtlCache<String, String> cache = cache(10);
        cache.get("a", loader);
        cache.get("b", loader);
        cache.invalidateIf(v -> v.startsWith("a"));
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.get("a", loader)).isEqualTo("a#2");
        assertThat(cache.get("b", loader)).isEqualTo("b#1");
    }

    @Test
    void invalidateKeysDropsTheEntriesWhoseKeyMatchesAndClearDropsAll() {
        TtlCache<String, String> cache = cache(10);
        for (String k : new String[] {"id1:p1", "id1:p2", "id2:p1"}) cache.get(k, loader);
        cache.invalidateKeys(k -> k.startsWith("id1:"));
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.get("id2:p1", loader)).isEqualTo("id2:p1#1");
        cache.clear();
        assertThat(cache.size()).isZero();
    }

    // ---------------------------------------------------------------- bound

    @Test
    void aCacheHoldsUpToItsMaximumWithoutDroppingAnything() {
        TtlCache<String, String> cache = cache(10);
        for (int i = 0; i < 10; i++) cache.get("k" + i, loader);
        assertThat(cache.size()).isEqualTo(10);
        for (int i = 0; i < 10; i++) assertThat(cache.get("k" + i, loader)).isEqualTo("k" + i + "#1");
    }

    @Test
    void whenFullTheEntriesThatReachedTheirTtlAreDroppedFirstAndTheYoungerOnesKept() {
        TtlCache<String, String> cache = cache(10);
        for (int i = 0; i < 5; i++) cache.get("old" + i, loader);
        clock.advance(Duration.ofMillis(1));
        for (int i = 0; i < 5; i++) cache.get("young" + i, loader);
        clock.advance(TTL.minusMillis(1)); // the old ones are exactly TTL old, the young ones 1 ms younger

        cache.get("new", loader);
        assertThat(cache.size()).as("5 old dropped, the new one added").isEqualTo(6);
        for (int i = 0; i < 5; i++) assertThat(cache.get("young" + i, loader)).isEqualTo("young" + i + "#1");
    }

    @Test
    void whenFullOfFreshEntriesATenthIsDroppedToMakeRoom() {
        TtlCache<String, String> cache = cache(20);
        for (int i = 0; i < 20; i++) cache.get("k" + i, loader);
        cache.get("new", loader);
        assertThat(cache.size()).as("20 - 2 + 1").isEqualTo(19);
        assertThat(cache.get("new", loader)).isEqualTo("new#1");
    }

    @Test
    void aSmallFullCacheDropsAtLeastOneEntryToMakeRoom() {
        TtlCache<String, String> cache = cache(5);
        for (int i = 0; i < 5; i++) cache.get("k" + i, loader);
        cache.get("new", loader);
        assertThat(cache.size()).isEqualTo(5);
        assertThat(cache.get("new", loader)).isEqualTo("new#1");
    }

    @Test
    void aCacheOfOneEntryKeepsTheLatest() {
        TtlCache<String, String> cache = cache(1);
        cache.get("a", loader);
        cache.get("b", loader);
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.get("b", loader)).isEqualTo("b#1");
    }

    @Test
    void aMaximumBelowOneIsRefused() {
        assertThatThrownBy(() -> cache(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxEntries");
    }
}
