package dev.coffer.server.errors;

/**
 * A failure because the server's storage is full (SQLite's disk, PostgreSQL's): nothing was written,
 * and the client can do nothing but try again once space is freed, so it is a 503, not a 500.
 */
public interface StorageFull {}
