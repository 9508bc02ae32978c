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
import dev.coffer.server.identities.Identity;
import dev.coffer.server.identities.IdentityService;
import dev.coffer.server.projects.MembershipService;
import dev.coffer.server.projects.Project;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.projects.UserMembershipService;
import dev.coffer.server.roles.RoleService;
import dev.coffer.server.users.Invitations;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Who may do what in a project: its people and machine identities with their roles (add, change the
 * roles — several, and for a while when given a span such as 8h — and remove), inviting someone to the
 * organization (the invitation link is shown once, on the answer to the invite), and custom roles
 * written with a small rule editor (Infisical's permission format underneath, checked by the same code
 * as the API's role routes; {@link RolesScreen} edits and deletes them).
 */
final class AccessScreen {

    static final int RULE_ROWS = 5;
    private static final int MAX_RULE_ROWS = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Console console;
    private final ProjectService projects;
    private final UserMembershipService members;
    private final MembershipService identityMembers;
    private final IdentityService identities;
    private final RoleService roles;
    private final Invitations invitations;
    private final Clock clock;

    AccessScreen(
            Console console,
            ProjectService projects,
            UserMembershipService members,
            MembershipService identityMembers,
            IdentityService identities,
            RoleService roles,
            Invitations invitations,
            Clock clock) {
        this.console = console;
        this.projects = projects;
        this.members = members;
        this.identityMembers = identityMembers;
        this.identities = identities;
        this.roles = roles;
        this.invitations = invitations;
        this.clock = clock;
    }

    void register(Router r) {
        String base = "/projects/{projectId}/access";
        console.get(r, base, c -> page(c, 200, null, null, null));
        console.post(
                r,
                base + "/members",
                c -> attempt(c, "member", () -> {
                    members.add(
                            c.actor(),
                            project(c).id(),
                            List.of(c.form().get("email", "").strip()),
                            asked(c));
                    return "added";
                }));
        console.post(
                r,
                base + "/identities",
                c -> attempt(c, "identity", () -> {
                    identityMembers.add(c.actor(), project(c).id(), c.form().get("identityId", ""), asked(c));
                    return "identityAdded";
                }));
        console.post(
                r,
                base + "/role",
                c -> attempt(c, "row:" + c.form().get("membershipId", ""), () -> {
                    String id = c.form().get("membershipId", "");
                    if (identity(c))
                        identityMembers.update(c.actor(), project(c).id(), id, asked(c));
                    else members.update(c.actor(), project(c).id(), id, asked(c));
                    return "role";
                }));
        console.post(
                r,
                base + "/remove",
                c -> attempt(c, "row:" + c.form().get("membershipId", ""), () -> {
                    String id = c.form().get("membershipId", "");
                    if (identity(c))
                        identityMembers.remove(c.actor(), project(c).id(), id);
                    else members.remove(c.actor(), project(c).id(), id);
                    return "removed";
                }));
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
        console.post(
                r,
                base + "/roles",
                c -> attempt(c, "customRole", () -> {
                    roles.create(
                            c.actor(),
                            project(c).id(),
                            c.form().get("slug", "").strip(),
                            c.form().get("name", "").strip(),
                            null,
                            rules(c.form()));
                    return "roleCreated";
                }));
    }

    @FunctionalInterface
    private interface Change {
        String run();
    }

    /** Runs a change and goes back to the page with its notice, or shows the page with the refusal at {@code field}. */
    private Reply attempt(Console.Call c, String field, Change change) {
        try {
            return Page.redirect(back(c) + "?done=" + change.run(), null);
        } catch (ApiException e) {
            return failed(c, field, e);
        }
    }

    private static boolean identity(Console.Call c) {
        return "identity".equals(c.form().get("kind"));
    }

    /**
     * The roles the form asks for: every chosen slug, all of them temporary from now for the span in
     * {@code temporary} (e.g. 8h, 7d) when one is given.
     */
    private List<MembershipService.RoleRequest> asked(Console.Call c) {
        List<String> slugs = c.form().all("role").stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList();
        if (slugs.isEmpty()) {
            throw new ApiException.Validation("role", "Choose at least one role (Ctrl or ⌘ chooses several).");
        }
        String span = c.form().get("temporary", "").strip();
        String start = Instant.ofEpochMilli(clock.millis()).toString();
        return slugs.stream()
                .map(s -> span.isEmpty()
                        ? new MembershipService.RoleRequest(s, false, null, null, null)
                        : new MembershipService.RoleRequest(s, true, "relative", span, start))
                .toList();
    }

    /** The rule editor's rows as Infisical's permission rules; a row without a subject or action is left out. */
    static ArrayNode rules(Form form) {
        ArrayNode out = JSON.createArrayNode();
        int rows = ruleRows(form.get("ruleRows"));
        for (int i = 0; i < rows; i++) {
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

    private static int ruleRows(String given) {
        try {
            return given == null ? RULE_ROWS : Math.clamp(Integer.parseInt(given.strip()), 0, MAX_RULE_ROWS);
        } catch (NumberFormatException e) {
            return RULE_ROWS;
        }
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

    /** A role as the member list shows it: its slug, and until when when it is temporary. */
    static String shown(MembershipStore.RoleRow role, long now) {
        if (!role.temporary()) return role.slug();
        String end = FolderScreen.WHEN.format(Instant.ofEpochMilli(role.temporaryEnd()));
        return role.slug() + (now < role.temporaryEnd() ? " until " + end : " (ended " + end + ")");
    }

    private Views.Member member(String id, String kind, String name, List<MembershipStore.RoleRow> held) {
        long now = clock.millis();
        return new Views.Member(
                id,
                kind,
                name,
                String.join(", ", held.stream().map(x -> shown(x, now)).toList()),
                held.stream().map(MembershipStore.RoleRow::slug).toList());
    }

    private Reply page(Console.Call c, int status, String field, String error, String inviteLink) {
        Project p = project(c);
        List<Views.Member> people = new ArrayList<>();
        for (UserMembershipService.Membership m : members.list(c.actor(), p.id())) {
            people.add(member(m.id(), "user", m.email(), m.roles()));
        }
        List<Views.Member> machines = new ArrayList<>();
        String machinesNote = null;
        Set<String> inProject = new HashSet<>();
        try {
            for (MembershipService.Membership m : identityMembers.list(c.actor(), p.id())) {
                machines.add(member(m.identityId(), "identity", m.identityName(), m.roles()));
                inProject.add(m.identityId());
            }
        } catch (ApiException.Forbidden e) {
            machinesNote = e.getMessage();
        }
        List<Views.Choice> addable = new ArrayList<>();
        try {
            for (Identity i : identities.list(c.actor(), c.actor().orgId())) {
                if (!inProject.contains(i.id())) addable.add(new Views.Choice(i.id(), i.name()));
            }
        } catch (ApiException.Forbidden e) {
            // only organization admins see the organization's identities; the form then asks for an id
        }
        List<Views.Role> custom = new ArrayList<>();
        for (CustomRoleStore.Row row : roles.list(c.actor(), p.id())) {
            custom.add(new Views.Role(row.id(), row.slug(), row.name(), row.permissions()));
        }
        List<String> choices = new ArrayList<>(List.of("admin", "member", "viewer", "no-access"));
        custom.forEach(x -> choices.add(x.slug()));
        String done = c.query("done");
        String notice = done == null
                ? null
                : switch (done) {
                    case "added" -> "Member added.";
                    case "identityAdded" -> "Identity added.";
                    case "role" -> "Roles changed.";
                    case "removed" -> "Removed from the project.";
                    case "roleCreated" -> "Role created.";
                    case "roleDeleted" -> "Role deleted.";
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
                new Views.Access(
                        p.id(),
                        p.name(),
                        people,
                        machines,
                        machinesNote,
                        addable,
                        custom,
                        choices,
                        Views.RuleRow.blank(RULE_ROWS),
                        field,
                        error,
                        inviteLink));
    }
}
