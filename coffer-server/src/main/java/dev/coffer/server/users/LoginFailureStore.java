package dev.coffer.server.users;

import dev.coffer.crypto.Hex;
import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.Tx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * SQL for failed person logins per email address, shared by every node: one row per failure, kept
 * for the lockout window. Addresses are stored as SHA-256 digests only.
 */
final class LoginFailureStore {

    /** Failures of one address since a time, and the oldest of them (0 when none). */
    record Count(long failures, long oldest) {}

    private LoginFailureStore() {}

    static String digest(String email) {
        try {
            return Hex.encode(MessageDigest.getInstance("SHA-256")
                    .digest(email.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Count since(Tx tx, String emailHash, long since) {
        return Jdbc.one(
                        tx,
                        "SELECT COUNT(*), MIN(at) FROM login_failures WHERE email_hash = ? AND at > ?",
                        rs -> new Count(rs.getLong(1), rs.getLong(2)),
                        emailHash,
                        since)
                .orElse(new Count(0, 0));
    }

    /** Records a failure and forgets every failure (of any address) older than {@code forgetBefore}. */
    static void record(Tx tx, String emailHash, long at, long forgetBefore) {
        Jdbc.update(tx, "INSERT INTO login_failures (email_hash, at) VALUES (?, ?)", emailHash, at);
        Jdbc.update(tx, "DELETE FROM login_failures WHERE at <= ?", forgetBefore);
    }
}
