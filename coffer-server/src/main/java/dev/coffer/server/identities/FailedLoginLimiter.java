package dev.coffer.server.identities;

import dev.coffer.server.errors.ApiException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Limits failed logins per client address, on top of the per-identity lockout, so a client guessing
 * across many client ids is stopped too. Only failures count: a service that logs in correctly is
 * never slowed. The state is per node; an attacker spread over several nodes gets at most the limit
 * on each.
 *
 * <p>The window slides: an address is refused while it has {@code maxFailures} failures within the
 * last window. Failures are counted in twelve slots per window, and a failure is forgotten one window
 * after the end of its slot, so the count never undercounts (it may remember a failure up to one slot
 * longer than the window). An address that keeps failing therefore stays limited in every window, and
 * no burst at a window boundary gets twice the limit through.
 *
 * <p>Memory is bounded: at most {@code maxAddresses} addresses are remembered, a few hundred bytes each.
 * When a new address would exceed that, the address whose last failure is the oldest is forgotten
 * first (addresses whose failures have all expired go before any that is still counted).
 */
public final class FailedLoginLimiter {

    static final int SLOTS = 12;

    /** Failures of one address: counts per slot, in a ring indexed by slot number, and the newest slot. */
    private static final class Counts {
        final int[] ring = new int[SLOTS + 1];
        long newestSlot;
    }

    private final int maxFailures;
    private final long slotMillis;
    private final int maxAddresses;
    /** In order of each address's latest failure, oldest first; guarded by {@code this}. */
    private final LinkedHashMap<String, Counts> byAddress = new LinkedHashMap<>();

    /**
     * @param maxFailures failures allowed per address within one window
     * @param windowMillis the window; rounded up to a multiple of twelve milliseconds
     * @param maxAddresses how many addresses are remembered at most
     */
    public FailedLoginLimiter(int maxFailures, long windowMillis, int maxAddresses) {
        if (maxFailures < 1 || windowMillis < 1 || maxAddresses < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxFailures = maxFailures;
        this.slotMillis = (windowMillis + SLOTS - 1) / SLOTS;
        this.maxAddresses = maxAddresses;
    }

    /** Throws 429 (with the seconds to wait) while the address has used up its failures in the window. */
    public synchronized void check(String ip, long now) {
        Counts c = byAddress.get(ip);
        if (c == null) return;
        long slot = now / slotMillis;
        long total = 0;
        for (long s = slot - SLOTS; s <= slot; s++) total += count(c, s);
        if (total < maxFailures) return;
        // the address is let through again when enough of its oldest slots have expired
        long until = 0;
        for (long s = slot - SLOTS; s <= slot && total >= maxFailures; s++) {
            total -= count(c, s);
            until = (s + 1 + SLOTS) * slotMillis;
        }
        long retry = Math.max(1, (until - now + 999) / 1000);
        throw new ApiException.RateLimited(
                "Too many failed logins from " + ip + "; try again in " + retry + " seconds.", retry);
    }

    public synchronized void recordFailure(String ip, long now) {
        long slot = now / slotMillis;
        Counts c = byAddress.remove(ip);
        if (c == null) {
            c = new Counts();
            c.newestSlot = slot;
        }
        // clear the slots between the newest recorded one and this one: they hold failures a ring ago
        for (long s = Math.max(c.newestSlot + 1, slot - SLOTS); s <= slot; s++) c.ring[index(s)] = 0;
        c.newestSlot = Math.max(c.newestSlot, slot);
        if (slot > c.newestSlot - SLOTS - 1) c.ring[index(slot)]++;
        byAddress.put(ip, c);
        Iterator<Map.Entry<String, Counts>> oldest = byAddress.entrySet().iterator();
        while (byAddress.size() > maxAddresses) {
            oldest.next();
            oldest.remove();
        }
    }

    /** How many addresses are remembered now. */
    synchronized int size() {
        return byAddress.size();
    }

    private int count(Counts c, long slot) {
        if (slot > c.newestSlot || slot < c.newestSlot - SLOTS) return 0;
        return c.ring[index(slot)];
    }

    private static int index(long slot) {
        return (int) Math.floorMod(slot, (long) SLOTS + 1);
    }
}
