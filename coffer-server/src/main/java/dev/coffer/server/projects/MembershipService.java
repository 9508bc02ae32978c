package dev.coffer.server.projects;

import dev.coffer.server.access.Action;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Authorizer;
import dev.coffer.server.access.Subject;
import dev.coffer.server.http.ApiException;
import dev.coffer.server.store.Ids;
import dev.coffer.server.store.Jdbc;
import java.util.List;

/** Identity memberships of a project with a built-in role. Project admins manage them. */
public final class MembershipService {

    /** A membership joined with the identity's name. */
    public record Membership(String projectId, String projectName, String identityId, String identityName,
                             String authMethod, String role, long createdAt, long updatedAt) {}

    private final ProjectService projects;

    public MembershipService(ProjectService projects) {
        this.projects = projects;
    }

    public Membership add(Actor actor, String projectId, String identityId, String role) {
        Project p = projects.find(projectId);
        projects.authorizer().require(actor, p.ref(), Action.CREATE, Subject.MEMBERS);
        Authorizer.parseRole(role, "role");
        long now = System.currentTimeMillis();
        projects.db().write(c -> {
            requireSameOrgIdentity(c, identityId, p);
            if (ProjectStore.membershipRole(c, p.id(), identityId).isPresent()) {
                throw new ApiException.BadRequest("Identity '" + identityId + "' is already a member of project '" + p.name()
                        + "'; change its role with PATCH.");
            }
            return Jdbc.update(c, "INSERT INTO identity_project_memberships (project_id, identity_id, role, created_at, "
                    + "updated_at) VALUES (?, ?, ?, ?, ?)", p.id(), identityId, role, now, now);
        });
        projects.authorizer().invalidate(p.id(), identityId);
        return get(actor, projectId, identityId);
    }

    public Membership update(Actor actor, String projectId, String identityId, String role) {
        Project p = projects.find(projectId);
        projects.authorizer().require(actor, p.ref(), Action.EDIT, Subject.MEMBERS);
        Authorizer.parseRole(role, "role");
        int n = projects.db().write(c -> Jdbc.update(c, "UPDATE identity_project_memberships SET role = ?, updated_at = ? "
                + "WHERE project_id = ? AND identity_id = ?", role, System.currentTimeMillis(), p.id(), identityId));
        if (n == 0) throw notMember(identityId, p);
        projects.authorizer().invalidate(p.id(), identityId);
        return get(actor, projectId, identityId);
    }

    public Membership remove(Actor actor, String projectId, String identityId) {
        Membership m = get(actor, projectId, identityId);
        Project p = projects.find(projectId);
        projects.authorizer().require(actor, p.ref(), Action.DELETE, Subject.MEMBERS);
        projects.db().write(c -> Jdbc.update(c, "DELETE FROM identity_project_memberships WHERE project_id = ? AND identity_id = ?",
                p.id(), identityId));
        projects.authorizer().invalidate(p.id(), identityId);
        return m;
    }

    public Membership get(Actor actor, String projectId, String identityId) {
        Project p = projects.find(projectId);
        projects.authorizer().require(actor, p.ref(), Action.READ, Subject.MEMBERS);
        return list(p, identityId).stream().findFirst().orElseThrow(() -> notMember(identityId, p));
    }

    public List<Membership> list(Actor actor, String projectId) {
        Project p = projects.find(projectId);
        projects.authorizer().require(actor, p.ref(), Action.READ, Subject.MEMBERS);
        return list(p, null);
    }

    private List<Membership> list(Project p, String identityId) {
        // identity ids are UUIDs; anything else matches no membership (and never reaches SQL)
        if (identityId != null && !Ids.isUuid(identityId)) return List.of();
        String sql = "SELECT m.identity_id, i.name, i.auth_method, m.role, m.created_at, m.updated_at "
                + "FROM identity_project_memberships m JOIN identities i ON i.id = m.identity_id WHERE m.project_id = ?"
                + (identityId == null ? "" : " AND m.identity_id = ?") + " ORDER BY i.name";
        Object[] args = identityId == null ? new Object[] {p.id()} : new Object[] {p.id(), identityId};
        return projects.db().read(c -> Jdbc.list(c, sql, rs -> new Membership(p.id(), p.name(), rs.getString(1),
                rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getLong(6)), args));
    }

    private static void requireSameOrgIdentity(java.sql.Connection c, String identityId, Project p) throws java.sql.SQLException {
        boolean ok = Ids.isUuid(identityId) && Jdbc.one(c, "SELECT 1 FROM identities WHERE id = ? AND org_id = ?",
                rs -> 1, identityId, p.orgId()).isPresent();
        if (!ok) {
            throw new ApiException.NotFound("Identity with id '" + identityId + "' not found in the project's organization.");
        }
    }

    private static ApiException notMember(String identityId, Project p) {
        return new ApiException.NotFound("Identity '" + identityId + "' is not a member of project '" + p.name() + "'.");
    }
}
