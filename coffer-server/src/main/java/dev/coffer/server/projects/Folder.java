package dev.coffer.server.projects;

/** A folder row; the root folder of an environment has {@code parentId == null}. */
public record Folder(
        String id,
        String envId,
        String parentId,
        String name,
        String description,
        int version,
        long createdAt,
        long updatedAt) {}
