package dev.coffer.server.tags;

/** A project's tag: a slug unique in the project, a display name (the slug unless given) and an optional colour. */
public record Tag(
        String id,
        String projectId,
        String slug,
        String name,
        String color,
        String createdBy,
        String createdByKind,
        long createdAt,
        long updatedAt) {}
