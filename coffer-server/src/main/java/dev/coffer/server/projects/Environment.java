package dev.coffer.server.projects;

/** An environment of a project (dev, staging, prod, …). */
public record Environment(
        String id, String projectId, String name, String slug, int position, long createdAt, long updatedAt) {}
