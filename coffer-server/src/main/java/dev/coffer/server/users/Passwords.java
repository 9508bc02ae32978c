package dev.coffer.server.users;

import dev.coffer.crypto.SecureRandoms;
import dev.coffer.server.errors.ApiException;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * People's passwords: Argon2id hashing and checking with a bound on concurrent work (each check needs
 * 19 MiB), a decoy hash so an unknown email costs the same check as a wrong password, and the policy a
 * new password must meet.
 *
 * <p>A hash or check (tens of milliseconds of CPU) runs on a password thread of this instance's own,
 * not on the request's virtual thread: computed there, it held one of the few carrier threads every request runs
 * on for all that time, and a handful of people logging in at once stalled every other request (lists
 * included) until they were done. The operating system shares the cores between those threads and the
 * carriers instead.
 */
public final class Passwords {

    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 256;

    private final Semaphore slots = new Semaphore(4, true);
    private final ExecutorService hashing;
    private volatile String decoy;

    /**
     * Hashes and checks on at most half the cores' worth of threads (one at least), which end after 30 s
     * without work; the requests waiting for them hold no thread. Each instance has its own (a server has
     * one for people and one for its bootstrap person; the servers of a test JVM do not wait for each
     * other's checks).
     */
    public Passwords() {
        this(passwordThreads());
    }

    private static ExecutorService passwordThreads() {
        int n = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                n,
                n,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                Thread.ofPlatform().daemon().name("coffer-password-", 0).factory());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Hashes and checks on {@code hashing}'s threads. */
    Passwords(ExecutorService hashing) {
        this.hashing = hashing;
    }

    /** A salted Argon2id hash of the password (no concurrency bound; see {@link #hashBounded}). */
    public static String hash(String password) {
        return Argon2id.hash(password);
    }

    /** Hashes within the bound on concurrent password work. */
    public String hashBounded(String password) {
        return bounded(() -> hash(password));
    }

    /**
     * Whether the password matches the hash; {@code hash} null checks against the decoy (always false).
     * The decoy is made on the first check of any kind, so the first unknown email is not slower.
     */
    public boolean matches(String password, String hash) {
        String d = decoy();
        String h = hash != null ? hash : d;
        boolean ok = bounded(() -> Argon2id.matches(password, h));
        return ok && hash != null;
    }

    /** A hash of a random password with the same parameters, made once. */
    private String decoy() {
        String d = decoy;
        if (d == null) decoy = d = hashBounded(SecureRandoms.hex(16));
        return d;
    }

    /**
     * The password policy for people: 12 to 256 characters, not the email address (nor its part before
     * the {@code @}), and not made of one kind of character only (lower case, upper case, digits, others).
     */
    static void requireAcceptable(String password, String email, String field) {
        String rule = "'" + field + "' must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters, must not be "
                + "the email address, and must mix at least two kinds of characters (lower case, upper case, "
                + "digits, spaces or symbols); a passphrase of a few words works.";
        if (password.length() < MIN_LENGTH || password.length() > MAX_LENGTH)
            throw new ApiException.Validation(field, rule);
        String p = password.toLowerCase(Locale.ROOT);
        String e = email.toLowerCase(Locale.ROOT);
        int at = e.indexOf('@');
        if (p.equals(e) || (at > 0 && p.equals(e.substring(0, at)))) throw new ApiException.Validation(field, rule);
        int kinds = 0;
        if (password.chars().anyMatch(Character::isLowerCase)) kinds++;
        if (password.chars().anyMatch(Character::isUpperCase)) kinds++;
        if (password.chars().anyMatch(Character::isDigit)) kinds++;
        if (password.chars().anyMatch(c -> !Character.isLetterOrDigit(c))) kinds++;
        if (kinds < 2) throw new ApiException.Validation(field, rule);
    }

    private <T> T bounded(Supplier<T> work) {
        try {
            if (!slots.tryAcquire(10, TimeUnit.SECONDS)) {
                throw new ApiException.RateLimited(
                        "Too many password checks are running at once; try again in a few seconds.", 5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException.RateLimited("The password check was interrupted; try again.", 1);
        }
        try {
            return hashing.submit(work::get).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException.RateLimited("The password check was interrupted; try again.", 1);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } finally {
            slots.release();
        }
    }
}
