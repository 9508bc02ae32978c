package dev.coffer.server.cache;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Which keys a full cache should take in: those missed a second time within a while. A key missed once
 * is only noted (a hash in a fixed table of slots); missed again before another key takes its slot, it
 * is admitted. A place read once in a long while (a random folder among ten thousand) then no longer
 * pushes out an entry that is read again, and the cache stops churning: every such entry sealed, kept
 * and dropped unread had been work for nothing and garbage that the old generation of the heap had to
 * collect. A place read again soon is admitted at its second read. Collisions only admit or note a key
 * early; no key is ever refused for good.
 */
public final class SecondMiss {

    private final AtomicIntegerArray seen;
    private final int mask;

    /** {@code slots}: how many keys missed once it remembers (rounded up to a power of two). */
    public SecondMiss(int slots) {
        int n = Integer.highestOneBit(Math.max(2, slots - 1)) << 1;
        this.seen = new AtomicIntegerArray(n);
        this.mask = n - 1;
    }

    /** Whether {@code key} should be taken in: it was missed recently. Otherwise notes this miss. */
    public boolean admit(Object key) {
        int h = key.hashCode() * 0x9E3779B9;
        int slot = (h >>> 16 ^ h) & mask;
        int tag = h | 1; // never the empty slot's 0
        if (seen.get(slot) == tag) {
            seen.set(slot, 0);
            return true;
        }
        seen.set(slot, tag);
        return false;
    }
}
