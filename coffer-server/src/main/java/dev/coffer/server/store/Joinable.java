package dev.coffer.server.store;

import java.util.List;

/**
 * A write that {@link Database#writeGrouped(Joinable)} runs together with the writes of the same kind
 * that other requests handed into its group (a group's logins: one statement per client secret), each
 * answered with the rows it touched.
 */
public interface Joinable {

    /** Writes whose kinds are equal run together when they are next to each other in a group. */
    Object kind();

    /**
     * Runs {@code all}, every one of this one's kind and this one among them, in {@code tx}: the number
     * of rows each touched, in their order. Alone, {@code all} is this one.
     */
    int[] runTogether(Tx tx, List<Joinable> all);
}
