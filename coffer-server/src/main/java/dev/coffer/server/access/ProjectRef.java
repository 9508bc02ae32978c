package dev.coffer.server.access;

/** A project as authorization needs it: its id, its name (for messages) and its organization. */
public record ProjectRef(String id, String name, String orgId) {}
