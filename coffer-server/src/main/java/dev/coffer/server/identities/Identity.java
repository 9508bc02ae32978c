package dev.coffer.server.identities;

/** A machine identity row. */
public record Identity(
        String id, String orgId, String name, String orgRole, String authMethod, long createdAt, long updatedAt) {}
