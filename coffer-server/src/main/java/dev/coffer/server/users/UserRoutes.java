package dev.coffer.server.users;

import dev.coffer.server.http.Body;
import dev.coffer.server.http.Router;
import dev.coffer.server.store.Ids;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** HTTP routes for people: login and sessions, passwords, invitations, organizations and memberships. */
public final class UserRoutes {

    private UserRoutes() {}

    public static void register(
            Router r, UserLogins logins, Sessions sessions, Invitations invitations, Organizations orgs) {
        r.add("POST", "/api/v1/auth/login", Router.Access.PUBLIC, req -> {
            Body b = req.body();
            return tokens(logins.login(
                    b.requiredString("email"),
                    b.requiredString("password"),
                    b.string("organizationId", null),
                    req.clientIp(),
                    req.userAgent()));
        });
        r.add(
                "POST",
                "/api/v1/auth/token",
                Router.Access.PUBLIC,
                req -> tokens(sessions.refresh(req.body().requiredString("refreshToken"))));
        r.post("/api/v1/auth/logout", req -> {
            logins.logout(req.actor());
            return Map.of("message", "Logged out: the session has ended.");
        });
        r.get(
                "/api/v1/auth/sessions",
                req -> Map.of(
                        "sessions",
                        sessions.list(req.actor()).stream()
                                .map(s -> session(s, s.id().equals(req.actor().credentialId())))
                                .toList()));
        r.delete("/api/v1/auth/sessions/{id}", req -> {
            sessions.revoke(req.actor(), req.param("id"));
            return Map.of("message", "The session has ended.");
        });
        r.post("/api/v1/password/change", req -> {
            Body b = req.body();
            logins.changePassword(req.actor(), b.string("currentPassword", null), b.string("newPassword", null));
            return Map.of("message", "Password changed; your other sessions have ended.");
        });

        r.post("/api/v1/organization/{orgId}/invite", req -> {
            Body b = req.body();
            Invitations.Created c = invitations.invite(
                    req.actor(),
                    req.param("orgId"),
                    b.string("email", null),
                    b.string("role", "member").trim());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put(
                    "message",
                    "Invitation created. Hand the token to the invited person, who accepts it with POST "
                            + "/api/v1/invite-org/accept {\"token\":…,\"password\":…} within 7 days; it works once.");
            out.put("invitation", invitation(c.invitation()));
            out.put("token", c.token());
            return out;
        });
        r.post("/api/v1/invite-org/signup", req -> {
            Body b = req.body();
            String orgId = b.string("organizationId", req.actor().orgId());
            List<Map<String, Object>> links = invitations
                    .inviteAll(
                            req.actor(),
                            orgId,
                            b.has("inviteeEmails") ? b.strings("inviteeEmails") : null,
                            b.string("organizationRoleSlug", "member").trim())
                    .stream()
                    .map(c -> Map.<String, Object>of(
                            "email",
                            c.invitation().email(),
                            "token",
                            c.token(),
                            "invitation",
                            invitation(c.invitation())))
                    .toList();
            return Map.of(
                    "message",
                    "Invitations created; hand each token on, to be accepted with POST /api/v1/invite-org/accept.",
                    "completeInviteLinks",
                    links);
        });
        r.add("POST", "/api/v1/invite-org/accept", Router.Access.PUBLIC, req -> {
            Body b = req.body();
            Invitations.Accepted a = invitations.accept(
                    b.requiredString("token"), b.requiredString("password"), req.clientIp(), req.userAgent());
            Map<String, Object> out = new LinkedHashMap<>(tokens(a.session()));
            out.put("user", Map.of("id", a.userId(), "email", a.email(), "username", a.email()));
            out.put("organization", org(a.org()));
            out.put("role", a.role());
            return out;
        });

        r.post("/api/v1/organization", req -> {
            Body b = req.body();
            return Map.of(
                    "organization", org(orgs.create(req.actor(), b.requiredString("name"), b.string("slug", null))));
        });
        r.get(
                "/api/v1/organization",
                req -> Map.of(
                        "organizations",
                        orgs.mine(req.actor()).stream().map(UserRoutes::org).toList()));
        String memberships = "/api/v2/organizations/{orgId}/memberships";
        r.get(
                memberships,
                req -> Map.of(
                        "users",
                        orgs.members(req.actor(), req.param("orgId")).stream()
                                .map(UserRoutes::membership)
                                .toList()));
        r.patch(memberships + "/{membershipId}", req -> {
            Body b = req.body();
            String role = b.string("role", null);
            return Map.of(
                    "membership",
                    membership(orgs.update(
                            req.actor(),
                            req.param("orgId"),
                            req.param("membershipId"),
                            role == null ? null : role.trim(),
                            b.bool("isActive", null))));
        });
        r.delete(
                memberships + "/{membershipId}",
                req -> Map.of(
                        "membership",
                        membership(orgs.remove(req.actor(), req.param("orgId"), req.param("membershipId")))));
    }

    private static Map<String, Object> tokens(Sessions.Tokens t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accessToken", t.accessToken());
        out.put("expiresIn", t.expiresIn());
        out.put("refreshToken", t.refreshToken());
        out.put("tokenType", "Bearer");
        out.put("organizationId", t.orgId());
        return out;
    }

    private static Map<String, Object> session(SessionStore.SessionRow s, boolean current) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", s.id());
        out.put("organizationId", s.orgId());
        out.put("ip", s.ip());
        out.put("userAgent", s.userAgent());
        out.put("createdAt", Ids.iso(s.createdAt()));
        out.put("lastRefreshedAt", Ids.iso(s.refreshedAt()));
        out.put("expiresAt", Ids.iso(s.expiresAt()));
        out.put("current", current);
        return out;
    }

    private static Map<String, Object> invitation(UserStore.Invitation i) {
        return Map.of(
                "id", i.id(),
                "organizationId", i.orgId(),
                "email", i.email(),
                "role", i.role(),
                "expiresAt", Ids.iso(i.expiresAt()));
    }

    private static Map<String, Object> org(UserStore.Org o) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", o.id());
        out.put("name", o.name());
        out.put("slug", o.slug());
        if (o.createdAt() > 0) out.put("createdAt", Ids.iso(o.createdAt()));
        return out;
    }

    private static Map<String, Object> membership(UserStore.Membership m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", m.userId());
        out.put("orgId", m.orgId());
        out.put("role", m.role());
        out.put("status", "accepted");
        out.put("isActive", m.active());
        out.put("inviteEmail", m.email());
        out.put("user", Map.of("id", m.userId(), "email", m.email(), "username", m.email()));
        out.put("createdAt", Ids.iso(m.createdAt()));
        return out;
    }
}
