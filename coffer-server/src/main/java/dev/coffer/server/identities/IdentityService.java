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
import dev.coffer.server.store.Tx;
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
        String newName = name == null ? null : validName(name);
        String newRole = role == null ? null : Roles.requireOrgRole(role);
        long now = clock.millis();
        return db.write(tx -> {
            Identity locked = lockedForRoleChange(tx, identity);
            // what the request leaves out stays as it is now, not as it was before the lock
            String n = newName == null ? locked.name() : newName;
            String r = newRole == null ? locked.orgRole() : newRole;
            if (locked.orgRole().equals("admin") && !r.equals("admin")) requireAnotherAdmin(tx, locked);
            IdentityStore.update(tx, locked.id(), n, r, now);
            tx.invalidate(Invalidator.Topic.IDENTITY, locked.id());
            return new Identity(locked.id(), locked.orgId(), n, r, locked.authMethod(), locked.createdAt(), now);
        });
    }

    public Identity delete(Actor actor, String identityId) {
        Identity identity = find(identityId, actor);
        require(actor, Action.DELETE, identity.orgId());
        return db.write(tx -> {
            Identity locked = lockedForRoleChange(tx, identity);
            if (locked.orgRole().equals("admin")) requireAnotherAdmin(tx, locked);
            IdentityStore.delete(tx, locked.id());
            tx.invalidate(Invalidator.Topic.IDENTITY, locked.id());
            return locked;
        });
    }

    /**
     * Locks the identity's organization for the rest of the unit of work and reads the identity again
     * under that lock. Every change that could leave an organization without an admin takes this lock
     * first, so two of them (demoting or deleting the last two admins at once) count admins one after
     * the other instead of both counting two. 404 when the identity went away in between.
     */
    private static Identity lockedForRoleChange(Tx tx, Identity identity) {
        IdentityStore.lockOrganization(tx, identity.orgId());
        return IdentityStore.find(tx, identity.id()).orElseThrow(() -> notFound(identity.id()));
    }

    private static void requireAnotherAdmin(Tx tx, Identity admin) {
        if (IdentityStore.countOrgAdmins(tx, admin.orgId()) <= 1) throw lastAdmin();
    }

    /** Finds an identity in the actor's organization; other organizations' identities are "not found". */
    Identity find(String identityId, Actor actor) {
        ApiException.NotFound missing = notFound(identityId);
        if (!Ids.isUuid(identityId)) throw missing;
        Identity identity = db.read(tx -> IdentityStore.find(tx, identityId)).orElseThrow(() -> missing);
        if (!identity.orgId().equals(actor.orgId())) throw missing;
        return identity;
    }

    private static ApiException.NotFound notFound(String identityId) {
        return new ApiException.NotFound("Identity with id '" + identityId + "' not found.");
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
