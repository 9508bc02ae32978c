package dev.coffer.server.testing;

/** The two storage dialects every API and store suite runs against. */
public enum Backend {
    SQLITE,
    POSTGRES
}
