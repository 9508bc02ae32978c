package dev.coffer.server.access;

/**
 * What an action is done to. Project subjects live inside a project and are granted by project roles;
 * organization subjects are granted by the organization role.
 */
public enum Subject {
    SECRETS("secrets", true),
    FOLDERS("secret folders", true),
    SECRET_IMPORTS("secret imports", true),
    TAGS("tags", true),
    ENVIRONMENTS("environments", true),
    MEMBERS("project members", true),
    PROJECT("the project settings", true),
    /** Machine identities' memberships of the project ("identity" in custom roles). */
    PROJECT_IDENTITIES("project identity memberships", true),
    /** The project's custom roles ("role" in custom roles). */
    ROLES("project roles", true),
    AUDIT_LOGS("the project's audit logs", true),
    /** A project's legacy service tokens. */
    SERVICE_TOKENS("service tokens", true),
    /** Projects of an organization, as a collection: creating one. */
    PROJECTS("projects", false),
    /** Machine identities of an organization, their auth methods and client secrets. */
    IDENTITIES("identities", false),
    /** People of an organization: invitations and memberships of users. */
    USERS("users", false),
    /** The organization's audit trail: searching it, verifying it, who reads a secret. */
    ORG_AUDIT_LOGS("audit logs", false);

    private final String label;
    private final boolean inProject;

    Subject(String label, boolean inProject) {
        this.label = label;
        this.inProject = inProject;
    }

    public String label() {
        return label;
    }

    /** Whether a project role (rather than the organization role) governs this subject. */
    public boolean inProject() {
        return inProject;
    }
}
