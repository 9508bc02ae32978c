package dev.coffer.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.projects.SecretPath;
import dev.coffer.server.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The sealed cache of folders' secrets: it serves what the database said exactly, until a commit or
 * a change to the project says otherwise, never stores what was read before a change, keeps only
 * ciphertext, and stays within its bound.
 */
class FolderCacheTest {

    private final Invalidator invalidator = new Invalidator();
    private final FolderCache cache = new FolderCache(invalidator, 1024 * 1024);
    private final AtomicInteger reads = new AtomicInteger();
    private final FolderCache.Place apiDev = new FolderCache.Place("p1", "env-dev", "/api", false);

    private static Secret secret(String key, String value) {
        Tag tag = new Tag("t1", "p1", "db", "Database", "#f00", "u1", "user", 1L, 2L);
        return new Secret(
                "s-" + key,
                "p1",
                "dev",
                SecretPath.parse("/api"),
                key,
                "shared",
                3,
                new SecretValue(value),
                new SecretValue("multi\nline comment"),
                true,
                null,
                7,
                "[{\"key\":\"owner\",\"value\":\"ops\"}]",
                10L,
                20L,
                List.of(tag));
    }

    private Supplier<List<Secret>> database(List<Secret> rows) {
        return () -> {
            reads.incrementAndGet();
            return rows;
        };
    }

    @Test
    void aFolderIsReadOnceThenServedExactlyAsTheDatabaseSaidIt() {
        List<Secret> rows = List.of(
                secret("DATABASE_URL", "postgres://u:p@h/db"),
                secret("ODD", "lone \uD800 surrogate, NUL \u0000, emoji \uD83D\uDD11, ünïcode"),
                new Secret(
                        "s-N",
                        "p1",
                        "dev",
                        SecretPath.ROOT,
                        "NULLS",
                        "shared",
                        1,
                        SecretValue.EMPTY,
                        SecretValue.EMPTY,
                        false,
                        null,
                        null,
                        null,
                        0L,
                        0L,
                        List.of()));

        List<Secret> first = cache.get(apiDev, database(rows));
        List<Secret> second = cache.get(apiDev, database(rows));

        assertThat(reads).hasValue(1);
        assertThat(first).isSameAs(rows);
        assertThat(second).isNotSameAs(rows).isEqualTo(rows);
        assertThat(second.get(1).value().reveal()).isEqualTo(rows.get(1).value().reveal());
    }

    @Test
    void whatIsKeptIsCiphertextThatNamesNoValue() {
        cache.get(apiDev, database(List.of(secret("DATABASE_URL", "hunter2-very-secret"))));

        byte[] kept = cache.sealed(apiDev);
        assertThat(kept).isNotNull();
        String asLatin1 = new String(kept, StandardCharsets.ISO_8859_1);
        String asUtf16 = new String(kept, StandardCharsets.UTF_16BE);
        for (String shown : List.of(asLatin1, asUtf16)) {
            assertThat(shown).doesNotContain("hunter2").doesNotContain("DATABASE_URL");
        }
        assertThat(cache.toString()).doesNotContain("hunter2");
    }

    @Test
    void aCommitToTheProjectMakesTheNextListReadAgainAndOtherProjectsKeepTheirs() {
        FolderCache.Place other = new FolderCache.Place("p2", "env-x", "/", false);
        cache.get(apiDev, database(List.of(secret("A", "1"))));
        cache.get(other, database(List.of()));

        invalidator.deliver(new Invalidator.Key(Invalidator.Topic.COMMIT, "p1|env-prod|42"));
        cache.get(apiDev, database(List.of(secret("A", "2"))));
        cache.get(other, database(List.of()));

        assertThat(reads).hasValue(3);
        assertThat(cache.get(apiDev, database(List.of())).getFirst().value().reveal())
                .isEqualTo("2");
    }

    @Test
    void aChangeToTheProjectOrAMissedInvalidationEmptiesWhatItConcerns() {
        cache.get(apiDev, database(List.of(secret("A", "1"))));
        invalidator.deliver(new Invalidator.Key(Invalidator.Topic.PROJECT, "p1")); // a tag renamed, an env renamed
        cache.get(apiDev, database(List.of(secret("A", "1"))));
        invalidator.flushAll();
        cache.get(apiDev, database(List.of(secret("A", "1"))));

        assertThat(reads).hasValue(3);
        assertThat(cache.bytes()).isPositive();
    }

    @Test
    void whatWasReadBeforeAChangeIsNeverKeptAfterIt() {
        // the change commits while this list is reading the old rows
        Supplier<List<Secret>> readingDuringACommit = () -> {
            reads.incrementAndGet();
            invalidator.deliver(new Invalidator.Key(Invalidator.Topic.COMMIT, "p1|env-dev|7"));
            return List.of(secret("A", "old"));
        };
        assertThat(cache.get(apiDev, readingDuringACommit).getFirst().value().reveal())
                .isEqualTo("old");

        assertThat(cache.sealed(apiDev)).isNull();
        assertThat(cache.get(apiDev, database(List.of(secret("A", "new"))))
                        .getFirst()
                        .value()
                        .reveal())
                .isEqualTo("new");
        assertThat(reads).hasValue(2);
    }

    @Test
    void itStaysWithinItsBoundAndAZeroBoundCachesNothing() {
        FolderCache small = new FolderCache(invalidator, 64 * 1024);
        String value = "x".repeat(1000);
        List<Secret> folder = new ArrayList<>();
        for (int i = 0; i < 5; i++) folder.add(secret("K" + i, value)); // about 10 KiB sealed
        for (int i = 0; i < 50; i++) {
            small.get(new FolderCache.Place("p1", "env", "/f" + i, false), database(folder));
            assertThat(small.bytes()).isLessThanOrEqualTo(64 * 1024);
        }

        FolderCache off = new FolderCache(invalidator, 0);
        reads.set(0);
        off.get(apiDev, database(folder));
        off.get(apiDev, database(folder));
        assertThat(reads).hasValue(2);
        assertThat(off.bytes()).isZero();
    }

    @Test
    void onceFullItTakesInOnlyAPlaceReadASecondTimeAndKeepsWhatItHolds() {
        FolderCache small = new FolderCache(invalidator, 64 * 1024);
        String value = "x".repeat(1000);
        List<Secret> folder = new ArrayList<>();
        for (int i = 0; i < 5; i++) folder.add(secret("K" + i, value)); // about 10 KiB sealed
        FolderCache.Place kept = new FolderCache.Place("p1", "env", "/kept", false);
        for (int i = 0; i < 4; i++) small.get(new FolderCache.Place("p1", "env", "/fill" + i, false), database(folder));
        small.get(kept, database(folder));
        assertThat(small.sealed(kept)).as("taken in while there was room").isNotNull();

        // places read once each no longer push out what is kept
        for (int i = 0; i < 50; i++)
            small.get(new FolderCache.Place("p1", "env", "/once" + i, false), database(folder));
        assertThat(small.sealed(kept)).isNotNull();
        FolderCache.Place again = new FolderCache.Place("p1", "env", "/once7", false);
        assertThat(small.sealed(again)).isNull();

        reads.set(0);
        small.get(again, database(folder));
        assertThat(small.sealed(again)).as("read a second time: taken in").isNotNull();
        small.get(again, database(folder));
        assertThat(reads).as("and served from the cache after that").hasValue(1);
        assertThat(small.bytes()).isLessThanOrEqualTo(64 * 1024);

        // a get of a place it would not take in reads that one secret, not the whole folder
        AtomicInteger byName = new AtomicInteger();
        Supplier<Optional<Secret>> one = () -> {
            byName.incrementAndGet();
            return Optional.of(secret("K1", "by name"));
        };
        for (int i = 0; small.bytes() < 48 * 1024; i++) {
            for (int twice = 0; twice < 2; twice++)
                small.get(new FolderCache.Place("p1", "env", "/full" + i, false), database(folder));
        }
        FolderCache.Place cold = new FolderCache.Place("p1", "env", "/cold", false);
        reads.set(0);
        assertThat(small.find(cold, "K1", database(folder), one)
                        .orElseThrow()
                        .value()
                        .reveal())
                .isEqualTo("by name");
        assertThat(reads).hasValue(0);
        assertThat(small.find(cold, "K1", database(folder), one)
                        .orElseThrow()
                        .value()
                        .reveal())
                .as("asked again soon: the folder is read (and taken in)")
                .isEqualTo(value);
        assertThat(reads).hasValue(1);
        assertThat(byName).hasValue(1);
    }

    @Test
    void oneSecretIsFoundInTheKeptFolderAndAFolderTooLargeToKeepIsReadByNameInstead() {
        AtomicInteger byName = new AtomicInteger();
        Supplier<Optional<Secret>> one = () -> {
            byName.incrementAndGet();
            return Optional.of(secret("K1", "by name"));
        };
        List<Secret> rows = List.of(secret("A", "1"), secret("K1", "2"));
        assertThat(cache.find(apiDev, "K1", database(rows), one)
                        .orElseThrow()
                        .value()
                        .reveal())
                .isEqualTo("2");
        assertThat(cache.find(apiDev, "K1", database(rows), one)
                        .orElseThrow()
                        .value()
                        .reveal())
                .isEqualTo("2");
        assertThat(cache.find(apiDev, "NONE", database(rows), one)).isEmpty();
        assertThat(reads).hasValue(1);
        assertThat(byName).hasValue(0);

        FolderCache small = new FolderCache(invalidator, 64 * 1024);
        List<Secret> large = new ArrayList<>();
        for (int i = 0; i < 10; i++) large.add(secret("K" + i, "x".repeat(1000))); // over a quarter of 64 KiB
        FolderCache.Place place = new FolderCache.Place("p1", "env", "/large", false);
        reads.set(0);
        assertThat(small.find(place, "K1", database(large), one)
                        .orElseThrow()
                        .value()
                        .reveal())
                .startsWith("xxx");
        assertThat(small.find(place, "K1", database(large), one)
                        .orElseThrow()
                        .value()
                        .reveal())
                .isEqualTo("by name");
        assertThat(small.get(place, database(large))).isEqualTo(large);
        assertThat(reads).hasValue(2);
        assertThat(byName).hasValue(1);
        assertThat(small.bytes()).isZero();

        invalidator.deliver(new Invalidator.Key(Invalidator.Topic.COMMIT, "p1|env|8"));
        small.find(place, "K1", database(List.of(secret("K1", "small again"))), one);
        assertThat(small.find(place, "K1", database(List.of()), one)
                        .orElseThrow()
                        .value()
                        .reveal())
                .isEqualTo("small again");
        assertThat(reads).hasValue(3);

        FolderCache off = new FolderCache(invalidator, 0);
        assertThat(off.find(apiDev, "K1", database(rows), one)
                        .orElseThrow()
                        .value()
                        .reveal())
                .isEqualTo("by name");
        assertThat(reads).hasValue(3);
    }
}
