package dev.coffer.server.http;

import java.io.IOException;

/**
 * The request body could not be read because of the client: it stopped sending (408), hung up, or sent
 * a malformed chunked encoding (400). The connection is closed after the answer.
 */
final class BodyFault extends IOException {

    private final int status;
    private final String error;
    private final String kind;

    BodyFault(int status, String error, String kind, String message) {
        super(message);
        this.status = status;
        this.error = error;
        this.kind = kind;
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }

    /** A few words for the log: what the client did. */
    String kind() {
        return kind;
    }
}
