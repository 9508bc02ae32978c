package dev.coffer.server.projects;

import dev.coffer.server.http.Body;
import dev.coffer.server.http.Router;
import dev.coffer.server.store.Ids;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP routes for people's project memberships, in Infisical's shapes: list
 * ({@code GET /api/v1/workspace/{id}/memberships}), add by email ({@code POST /api/v2/workspace/{id}/memberships}
 * with {@code emails} or {@code usernames} and {@code roleSlugs}), one by username, change roles, remove.
 */
public final class UserMembershipRoutes {

    private UserMembershipRoutes() {}

    public static void register(Router r, UserMembershipService members) {
        for (String base :
                List.of("/api/v1/workspace/{projectId}/memberships", "/api/v1/projects/{projectId}/memberships")) {
            r.get(
                    base,
                    req -> Map.of(
                            "memberships",
                            members.list(req.actor(), req.param("projectId")).stream()
                                    .map(UserMembershipRoutes::view)
                                    .toList()));
            r.post(
                    base + "/details",
                    req -> Map.of(
                            "membership",
                            view(members.byEmail(
                                    req.actor(),
                                    req.param("projectId"),
                                    req.body().string("username", null)))));
            r.patch(base + "/{membershipId}", req -> {
                var m = members.update(
                        req.actor(),
                        req.param("projectId"),
                        req.param("membershipId"),
                        ProjectRoutes.roles(req.body()));
                return Map.of("roles", view(m).get("roles"));
            });
            r.delete(
                    base + "/{membershipId}",
                    req -> Map.of(
                            "membership",
                            view(members.remove(req.actor(), req.param("projectId"), req.param("membershipId")))));
        }
        for (String base :
                List.of("/api/v2/workspace/{projectId}/memberships", "/api/v1/projects/{projectId}/memberships")) {
            r.post(base, req -> {
                Body b = req.body();
                List<String> slugs = b.strings("roleSlugs");
                List<MembershipService.RoleRequest> roles = (slugs.isEmpty() ? List.of("member") : slugs)
                        .stream()
                                .map(s -> new MembershipService.RoleRequest(s, false, null, null, null))
                                .toList();
                return Map.of(
                        "memberships",
                        members.add(req.actor(), req.param("projectId"), people(b), roles).stream()
                                .map(UserMembershipRoutes::view)
                                .toList());
            });
            r.delete(
                    base,
                    req -> Map.of(
                            "memberships",
                            members.removeByEmail(req.actor(), req.param("projectId"), people(req.body())).stream()
                                    .map(UserMembershipRoutes::view)
                                    .toList()));
        }
    }

    /** {@code emails} and {@code usernames} together (a username is the email in Coffer, as by default in Infisical). */
    private static List<String> people(Body b) {
        List<String> out = new ArrayList<>(b.strings("emails"));
        out.addAll(b.strings("usernames"));
        return out;
    }

    static Map<String, Object> view(UserMembershipService.Membership m) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", m.userId());
        user.put("email", m.email());
        user.put("username", m.email());
        user.put("firstName", null);
        user.put("lastName", null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", m.id());
        out.put("userId", m.userId());
        out.put("projectId", m.projectId());
        out.put("createdAt", Ids.iso(m.createdAt()));
        out.put("updatedAt", Ids.iso(m.updatedAt()));
        out.put("user", user);
        out.put("roles", ProjectViews.roles(m.roles()));
        out.put("project", new ProjectViews.ProjectRef(m.projectId(), m.projectName()));
        return out;
    }
}
