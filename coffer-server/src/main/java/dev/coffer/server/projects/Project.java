package dev.coffer.server.projects;

import dev.coffer.server.access.ProjectRef;

/** A project row (its data keys live in the keys feature, read only by the barrier). */
public record Project(
        String id, String orgId, String name, String slug, String description, long createdAt, long updatedAt) {

    public ProjectRef ref() {
        return new ProjectRef(id, name, orgId);
    }
}
