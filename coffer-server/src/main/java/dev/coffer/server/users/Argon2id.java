package dev.coffer.server.users;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, base64 without padding), as stored since the
 * first release. Bouncy Castle's generator computes them: it allocates the 19 MiB of blocks for each
 * computation and lets them go after it, where password4j's hasher kept a zeroed 19 MiB template of
 * them for the life of the process (a tenth of an idle server's memory). Hashes made by either check
 * the same; a stored hash is checked with the parameters it names.
 */
final class Argon2id {

    /** OWASP's first recommendation: 19 MiB, 2 iterations, one lane; a 32-byte hash and 16-byte salt. */
    static final int MEMORY_KIB = 19_456;

    static final int ITERATIONS = 2;
    static final int LANES = 1;
    private static final int HASH_BYTES = 32;
    private static final int SALT_BYTES = 16;
    /** Bounds on what a stored hash may ask for, so a bad row cannot make a check take the heap. */
    private static final int MAX_MEMORY_KIB = 262_144;

    private static final int MAX_ITERATIONS = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private Argon2id() {}

    /** A salted hash of {@code password} with the parameters above. */
    static String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = compute(password, salt, MEMORY_KIB, ITERATIONS, LANES, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + LANES + "$" + B64.encodeToString(salt)
                + "$" + B64.encodeToString(hash);
    }

    /** Whether {@code password} matches {@code phc}; false for anything that is not an Argon2id v1.3 hash. */
    static boolean matches(String password, String phc) {
        String[] parts = phc.split("\\$", -1);
        if (parts.length != 6 || !parts[0].isEmpty() || !parts[1].equals("argon2id") || !parts[2].equals("v=19"))
            return false;
        int m = 0, t = 0, p = 0;
        for (String kv : parts[3].split(",", -1)) {
            int eq = kv.indexOf('=');
            if (eq < 0) return false;
            int v;
            try {
                v = Integer.parseInt(kv.substring(eq + 1));
            } catch (NumberFormatException e) {
                return false;
            }
            switch (kv.substring(0, eq)) {
                case "m" -> m = v;
                case "t" -> t = v;
                case "p" -> p = v;
                default -> {
                    return false;
                }
            }
        }
        if (p < 1 || p > 4 || t < 1 || t > MAX_ITERATIONS || m < 8 * p || m > MAX_MEMORY_KIB) return false;
        byte[] salt, expected;
        try {
            salt = Base64.getDecoder().decode(parts[4]);
            expected = Base64.getDecoder().decode(parts[5]);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (salt.length < 8 || expected.length < 16 || expected.length > 64) return false;
        return MessageDigest.isEqual(compute(password, salt, m, t, p, expected.length), expected);
    }

    private static byte[] compute(String password, byte[] salt, int memoryKib, int iterations, int lanes, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(lanes)
                .withSalt(salt)
                .build());
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
