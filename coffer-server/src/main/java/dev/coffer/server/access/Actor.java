package dev.coffer.server.access;

/**
 * Who is calling: a machine identity (or, later, a user) with the organization it belongs to and
 * its organization role. Passed down from the auth filter to every service.
 *
 * @param kind        what sort of principal this is
 * @param id          the identity's (or user's) id
 * @param name        a display name, for messages
 * @param orgId       the organization the principal belongs to
 * @param orgRole     its organization role: admin, member or no-access
 * @param tokenId     the access token that authenticated this request
 * @param ip          the client address
 * @param userAgent   the client's User-Agent, or empty
 */
public record Actor(Kind kind, String id, String name, String orgId, String orgRole, String tokenId,
                    String ip, String userAgent) {

    public enum Kind { IDENTITY, USER }

    public boolean isOrgAdmin() {
        return "admin".equals(orgRole);
    }

    /** How messages name this actor, e.g. {@code identity 'ci' (3f2…)}. */
    public String describe() {
        return (kind == Kind.IDENTITY ? "identity '" : "user '") + name + "' (" + id + ")";
    }
}
