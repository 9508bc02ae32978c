package dev.coffer.server.identities;

import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Authorizer;
import dev.coffer.server.http.ApiException;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Ids;
import dev.coffer.server.store.Jdbc;
import java.util.List;
import java.util.Set;

/** Creating, reading and deleting machine identities of an organization. Organization admins only. */
public final class IdentityService {

    static final Set<String> ORG_ROLES = Set.of("admin", "member", "no-access");

    private final Database db;
    private final Authorizer authorizer;
    private final AccessTokens tokens;

    public IdentityService(Database db, Authorizer authorizer, AccessTokens tokens) {
        this.db = db;
        this.authorizer = authorizer;
        this.tokens = tokens;
    }

    public Identity create(Actor actor, String orgId, String name, String role) {
        authorizer.requireOrgAdmin(actor, orgId, "create identities");
        String n = validName(name);
        if (!ORG_ROLES.contains(role)) {
            throw new ApiException.BadRequest("Unknown organization role '" + role + "'; use admin, member or no-access.");
        }
        long now = System.currentTimeMillis();
        Identity identity = new Identity(Ids.newId(), orgId, n, role, null, now, now);
        db.write(c -> {
            IdentityStore.insert(c, identity);
            return null;
        });
        return identity;
    }

    /** An identity of the actor's organization; the actor itself may always read its own. */
    public Identity get(Actor actor, String identityId) {
        Identity identity = find(identityId, actor);
        if (!identity.id().equals(actor.id())) authorizer.requireOrgAdmin(actor, identity.orgId(), "read other identities");
        return identity;
    }

    public List<Identity> list(Actor actor, String orgId) {
        authorizer.requireOrgAdmin(actor, orgId, "list identities");
        return db.read(c -> IdentityStore.listByOrg(c, orgId));
    }

    public Identity update(Actor actor, String identityId, String name, String role) {
        Identity identity = find(identityId, actor);
        authorizer.requireOrgAdmin(actor, identity.orgId(), "change identities");
        String n = name == null ? identity.name() : validName(name);
        String r = role == null ? identity.orgRole() : role;
        if (!ORG_ROLES.contains(r)) {
            throw new ApiException.BadRequest("Unknown organization role '" + r + "'; use admin, member or no-access.");
        }
        long now = System.currentTimeMillis();
        db.write(c -> {
            if (identity.orgRole().equals("admin") && !r.equals("admin") && IdentityStore.countOrgAdmins(c, identity.orgId()) <= 1) {
                throw lastAdmin();
            }
            return Jdbc.update(c, "UPDATE identities SET name = ?, org_role = ?, updated_at = ? WHERE id = ?",
                    n, r, now, identity.id());
        });
        tokens.forgetIdentity(identity.id());
        return new Identity(identity.id(), identity.orgId(), n, r, identity.authMethod(), identity.createdAt(), now);
    }

    public Identity delete(Actor actor, String identityId) {
        Identity identity = find(identityId, actor);
        authorizer.requireOrgAdmin(actor, identity.orgId(), "delete identities");
        db.write(c -> {
            if (identity.orgRole().equals("admin") && IdentityStore.countOrgAdmins(c, identity.orgId()) <= 1) {
                throw lastAdmin();
            }
            return Jdbc.update(c, "DELETE FROM identities WHERE id = ?", identity.id());
        });
        tokens.forgetIdentity(identity.id());
        return identity;
    }

    /** Finds an identity in the actor's organization; other organizations' identities are "not found". */
    Identity find(String identityId, Actor actor) {
        ApiException.NotFound missing = new ApiException.NotFound("Identity with id '" + identityId + "' not found.");
        if (!Ids.isUuid(identityId)) throw missing;
        Identity identity = db.read(c -> IdentityStore.find(c, identityId)).orElseThrow(() -> missing);
        if (!identity.orgId().equals(actor.orgId())) throw missing;
        return identity;
    }

    private static ApiException lastAdmin() {
        return new ApiException.BadRequest("This is the organization's last admin; make another identity or user an "
                + "admin first, so the organization is not left without one.");
    }

    static String validName(String name) {
        String n = name == null ? "" : name.trim();
        if (n.isEmpty() || n.length() > 64) {
            throw new ApiException.Validation("name", "'name' must be 1 to 64 characters.");
        }
        return n;
    }
}
