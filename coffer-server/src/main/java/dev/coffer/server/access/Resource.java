package dev.coffer.server.access;

import java.util.List;

/**
 * What an action is done to, named as precisely as the caller knows it: the subject, the
 * organization, and for project subjects the project, environment slug, folder path and (for one
 * secret) its name and tag slugs. A null field is unknown; see {@link Policy} for how rules treat it.
 */
public record Resource(
        Subject subject,
        String orgId,
        ProjectRef project,
        String environment,
        String secretPath,
        String secretName,
        List<String> tags) {

    public Resource {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** An organization subject (projects to create, identities). */
    public static Resource inOrg(Subject subject, String orgId) {
        return new Resource(subject, orgId, null, null, null, null, List.of());
    }

    /** A project subject, project-wide (members, environments, settings). */
    public static Resource inProject(Subject subject, ProjectRef project) {
        return new Resource(subject, project.orgId(), project, null, null, null, List.of());
    }

    /** A project subject in one environment and folder. */
    public static Resource at(Subject subject, ProjectRef project, String environment, String secretPath) {
        return new Resource(subject, project.orgId(), project, environment, secretPath, null, List.of());
    }

    /** This resource narrowed to one secret. */
    public Resource secret(String name, List<String> tagSlugs) {
        return new Resource(subject, orgId, project, environment, secretPath, name, tagSlugs);
    }

    /** This resource in another environment and folder (a referenced or imported secret). */
    public Resource at(String otherEnvironment, String otherPath) {
        return new Resource(subject, orgId, project, otherEnvironment, otherPath, null, List.of());
    }
}
