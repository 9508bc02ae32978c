package dev.coffer.server.projects;

import dev.coffer.server.access.Authorizer;

/** A project row (its data key stays in the database, read only by the cipher). */
public record Project(String id, String orgId, String name, String slug, String description, long createdAt,
                      long updatedAt) {

    public Authorizer.ProjectRef ref() {
        return new Authorizer.ProjectRef(id, name, orgId);
    }
}
