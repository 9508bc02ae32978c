package dev.coffer.server.identities;

import dev.coffer.server.access.Action;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Authorizer;
import dev.coffer.server.access.Resource;
import dev.coffer.server.access.Roles;
import dev.coffer.server.access.Subject;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Ids;
import java.time.Clock;
import java.util.List;

/** Creating, reading and deleting machine identities of an organization. Organization admins only. */
public final class IdentityService {

    private final Database db;
    private final Authorizer authorizer;
    private final Clock clock;

    public IdentityService(Database db, Authorizer authorizer, Clock clock) {
        this.db = db;
        this.authorizer = authorizer;
        this.clock = clock;
    }

    /** Requires {@code action} on the identities of {@code orgId} (the actor's own when null). */
    void require(Actor actor, Action action, String orgId) {
        authorizer.require(actor, action, Resource.inOrg(Subject.IDENTITIES, orgId == null ? actor.orgId() : orgId));
    }

    public Identity create(Actor actor, String orgId, String name, String role) {
        require(actor, Action.CREATE, orgId);
        String n = validName(name);
        Roles.requireOrgRole(role);
        long now = clock.millis();
        Identity identity = new Identity(Ids.newId(), orgId, n, role, null, now, now);
        db.write(tx -> {
            IdentityStore.insert(tx, identity);
            return null;
        });
        return identity;
    }

    /** An identity of the actor's organization; the actor itself may always read its own. */
    public Identity get(Actor actor, String identityId) {
        Identity identity = find(identityId, actor);
        if (!identity.id().equals(actor.id())) require(actor, Action.READ, identity.orgId());
        return identity;
    }

    public List<Identity> list(Actor actor, String orgId) {
        require(actor, Action.READ, orgId);
        return db.read(tx -> IdentityStore.listByOrg(tx, orgId));
    }

    public Identity update(Actor actor, String identityId, String name, String role) {
        Identity identity = find(identityId, actor);
        require(actor, Action.EDIT, identity.orgId());
        String n = name == null ? identity.name() : validName(name);
        String r = Roles.requireOrgRole(role == null ? identity.orgRole() : role);
        long now = clock.millis();
        db.write(tx -> {
            if (identity.orgRole().equals("admin")
                    && !r.equals("admin")
                    && IdentityStore.countOrgAdmins(tx, identity.orgId()) <= 1) {
                throw lastAdmin();
            }
            IdentityStore.update(tx, identity.id(), n, r, now);
            tx.invalidate(Invalidator.Topic.IDENTITY, identity.id());
            return null;
        });
        return new Identity(identity.id(), identity.orgId(), n, r, identity.authMethod(), identity.createdAt(), now);
    }

    public Identity delete(Actor actor, String identityId) {
        Identity identity = find(identityId, actor);
        require(actor, Action.DELETE, identity.orgId());
        db.write(tx -> {
            if (identity.orgRole().equals("admin") && IdentityStore.countOrgAdmins(tx, identity.orgId()) <= 1) {
                throw lastAdmin();
            }
            IdentityStore.delete(tx, identity.id());
            tx.invalidate(Invalidator.Topic.IDENTITY, identity.id());
            return null;
        });
        return identity;
    }

    /** Finds an identity in the actor's organization; other organizations' identities are "not found". */
    Identity find(String identityId, Actor actor) {
        ApiException.NotFound missing = new ApiException.NotFound("Identity with id '" + identityId + "' not found.");
        if (!Ids.isUuid(identityId)) throw missing;
        Identity identity = db.read(tx -> IdentityStore.find(tx, identityId)).orElseThrow(() -> missing);
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
