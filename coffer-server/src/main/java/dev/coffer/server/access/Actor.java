package dev.coffer.server.access;

/**
 * Who is calling, as the authentication stage established it: a machine identity (later also a user
 * or a service token) with the organization it belongs to and its organization role. Passed down from
 * the pipeline to every service.
 *
 * @param kind        what sort of principal this is
 * @param id          the principal's id
 * @param name        a display name, for messages
 * @param orgId       the organization the principal belongs to
 * @param orgRole     its organization role: admin, member or no-access
 * @param credentialId the access token (or session) that authenticated this request
 * @param ip          the client address
 * @param userAgent   the client's User-Agent, or empty
 */
public record Actor(
        Kind kind,
        String id,
        String name,
        String orgId,
        String orgRole,
        String credentialId,
        String ip,
        String userAgent) {

    /** The kinds of principal; each has its own authenticator in the pipeline. */
    public enum Kind {
        IDENTITY("identity"),
        USER("user"),
        SERVICE_TOKEN("service token");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** How messages name this actor, e.g. {@code identity 'ci' (3f2…)}. */
    public String describe() {
        return kind.label() + " '" + name + "' (" + id + ")";
    }
}
