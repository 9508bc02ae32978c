package dev.coffer.server.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.server.access.CustomRoleStore;
import dev.coffer.server.access.MembershipStore;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.http.ErrorMapper;
import dev.coffer.server.http.Reply;
import dev.coffer.server.http.Router;
import dev.coffer.server.projects.MembershipService;
import dev.coffer.server.projects.Project;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.projects.UserMembershipService;
import dev.coffer.server.roles.RoleService;
import dev.coffer.server.users.Invitations;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may do what in a project: its people and their roles (add by email, change the role), inviting
 * someone to the organization (the invitation link is shown once, on the answer to the invite), and
 * custom roles written with a small rule editor (Infisical's permission format underneath, checked by
 * the same code as the API's role routes).
 */
final class AccessScreen {

    static final int RULE_ROWS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Console console;
    private final ProjectService projects;
    private final UserMembershipService members;
    private final RoleService roles;
    private final Invitations invitations;

    AccessScreen(
            Console console,
            ProjectService projects,
            UserMembershipService members,
            RoleService roles,
            Invitations invitations) {
        this.console = console;
        this.projects = projects;
        this.members = members;
        this.roles = roles;
        this.invitations = invitations;
    }

    void register(Router r) {
        String base = "/projects/{projectId}/access";
        console.get(r, base, c -> page(c, 200, null, null, null));
        console.post(r, base + "/members", c -> {
            try {
                members.add(
                        c.actor(),
                        project(c).id(),
                        List.of(c.form().get("email", "").strip()),
                        List.of(role(c.form().get("role", "viewer"))));
                return Page.redirect(back(c) + "?done=added", null);
            } catch (ApiException e) {
                return failed(c, "member", e);
            }
        });
        console.post(r, base + "/role", c -> {
            try {
                members.update(
                        c.actor(),
                        project(c).id(),
                        c.form().get("membershipId", ""),
                        List.of(role(c.form().get("role", ""))));
                return Page.redirect(back(c) + "?done=role", null);
            } catch (ApiException e) {
                return failed(c, "role", e);
            }
        });
        console.post(r, base + "/invite", c -> {
            try {
                Invitations.Created inv = invitations.invite(
                        c.actor(),
                        c.actor().orgId(),
                        c.form().get("email", "").strip(),
                        c.form().get("orgRole", "member"));
                String host = c.req().header("host") == null ? "" : c.req().header("host");
                String scheme = ConsoleSession.secure(c.req()) ? "https" : "http";
                String link = scheme + "://" + host + "/login/invite?token=" + Console.enc(inv.token());
                return page(c, 200, null, null, link);
            } catch (ApiException e) {
                return failed(c, "invite", e);
            }
        });
        console.post(r, base + "/roles", c -> {
            try {
                roles.create(
                        c.actor(),
                        project(c).id(),
                        c.form().get("slug", "").strip(),
                        c.form().get("name", "").strip(),
                        null,
                        rules(c.form()));
                return Page.redirect(back(c) + "?done=roleCreated", null);
            } catch (ApiException e) {
                return failed(c, "customRole", e);
            }
        });
    }

    /** The rule editor's rows as Infisical's permission rules; a row without a subject or action is left out. */
    static ArrayNode rules(Form form) {
        ArrayNode out = JSON.createArrayNode();
        for (int i = 0; i < RULE_ROWS; i++) {
            String subject = form.get("subject" + i, "");
            List<String> actions = form.all("action" + i);
            if (subject.isBlank() || actions.isEmpty()) continue;
            ObjectNode rule = out.addObject();
            rule.put("subject", subject);
            ArrayNode a = rule.putArray("action");
            actions.forEach(a::add);
            String env = form.get("environment" + i, "").strip();
            String path = form.get("secretPath" + i, "").strip();
            if (!env.isEmpty() || !path.isEmpty()) {
                ObjectNode conditions = rule.putObject("conditions");
                if (!env.isEmpty()) conditions.putObject("environment").put("$eq", env);
                if (!path.isEmpty()) conditions.putObject("secretPath").put("$glob", path);
            }
            if (form.get("deny" + i) != null) rule.put("inverted", true);
        }
        return out;
    }

    private static MembershipService.RoleRequest role(String slug) {
        return new MembershipService.RoleRequest(slug.strip(), false, null, null, null);
    }

    private Project project(Console.Call c) {
        return projects.get(c.actor(), c.req().param("projectId"));
    }

    private static String back(Console.Call c) {
        return "/projects/" + c.req().param("projectId") + "/access";
    }

    private Reply failed(Console.Call c, String field, ApiException e) {
        return page(c, ErrorMapper.map("console", e).statusCode(), field, e.getMessage(), null);
    }

    private Reply page(Console.Call c, int status, String field, String error, String inviteLink) {
        Project p = project(c);
        List<Views.Member> people = new ArrayList<>();
        for (UserMembershipService.Membership m : members.list(c.actor(), p.id())) {
            List<String> names = new ArrayList<>();
            for (MembershipStore.RoleRow role : m.roles()) {
                names.add(role.customRoleSlug() != null ? role.customRoleSlug() : role.role());
            }
            people.add(new Views.Member(m.id(), m.email(), String.join(", ", names)));
        }
        List<Views.Role> custom = new ArrayList<>();
        for (CustomRoleStore.Row row : roles.list(c.actor(), p.id())) {
            custom.add(new Views.Role(row.slug(), row.name(), row.permissions()));
        }
        List<String> choices = new ArrayList<>(List.of("admin", "member", "viewer", "no-access"));
        custom.forEach(x -> choices.add(x.slug()));
        String done = c.query("done");
        String notice = done == null
                ? null
                : switch (done) {
                    case "added" -> "Member added.";
                    case "role" -> "Role changed.";
                    case "roleCreated" -> "Role created.";
                    default -> null;
                };
        List<Chrome.Crumb> crumbs = List.of(
                new Chrome.Crumb("Projects", "/"),
                new Chrome.Crumb(p.name(), "/projects/" + p.id()),
                new Chrome.Crumb("Access", null));
        return console.render(
                c,
                status,
                "access.jte",
                console.chrome(c, "Access · " + p.name(), "projects", crumbs, notice),
                new Views.Access(p.id(), p.name(), people, custom, choices, RULE_ROWS, field, error, inviteLink));
    }
}
