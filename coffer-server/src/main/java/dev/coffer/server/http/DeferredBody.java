package dev.coffer.server.http;

/**
 * A reply's body made only once the request's audit event is recorded: a kept list answer stays sealed
 * while its request waits for the commit that records it, and is opened for the client after. A waiting
 * request then holds no copy of its answer (a recursive list's half a megabyte, and as many of them as
 * requests waiting, kept alive through the young collections they wait through), and a request whose
 * event could not be recorded never has its answer opened.
 */
@FunctionalInterface
public interface DeferredBody {

    /** The body's bytes. */
    byte[] open();
}
