package dev.coffer.server.identities;

import dev.coffer.crypto.ConstantTime;
import dev.coffer.crypto.SecureRandoms;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Finds the client secret whose HMAC equals a presented one, in constant time per candidate. With no
 * candidate (an unknown client id, or an identity without active secrets) the presented HMAC is still
 * compared, against a random decoy, so every login does the same verification.
 */
class ClientSecretMatcher {

    private final byte[] decoy = SecureRandoms.bytes(32);
    private final LongAdder comparisons = new LongAdder();

    /** The candidate whose HMAC equals {@code presented}; empty when none does. */
    Optional<ClientSecret> match(List<ClientSecret> candidates, byte[] presented) {
        if (candidates.isEmpty()) {
            compare(decoy, presented);
            return Optional.empty();
        }
        ClientSecret match = null;
        for (ClientSecret s : candidates) {
            if (compare(s.hmac(), presented) & match == null) match = s;
        }
        return Optional.ofNullable(match);
    }

    /** How many HMAC comparisons were made: a seam for tests that every failure path verifies. */
    long comparisons() {
        return comparisons.sum();
    }

    private boolean compare(byte[] stored, byte[] presented) {
        comparisons.increment();
        return ConstantTime.equals(stored, presented);
    }
}
