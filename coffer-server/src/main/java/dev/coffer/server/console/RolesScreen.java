package dev.coffer.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.server.access.CustomRoleStore;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.http.ErrorMapper;
import dev.coffer.server.http.Reply;
import dev.coffer.server.http.Router;
import dev.coffer.server.projects.Project;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.roles.RoleService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Editing and deleting a project's custom role, with the same rule editor as creating one and through
 * the same {@link RoleService} as the API's role routes (nobody writes a role that allows more than
 * their own; a role somebody holds is not deleted). A role whose rules go beyond what the editor shows
 * (other conditions or actions) keeps its rules: only its name and slug are edited here.
 */
final class RolesScreen {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SPARE_ROWS = 2;

    private final Console console;
    private final ProjectService projects;
    private final RoleService roles;

    RolesScreen(Console console, ProjectService projects, RoleService roles) {
        this.console = console;
        this.projects = projects;
        this.roles = roles;
    }

    void register(Router r) {
        String base = "/projects/{projectId}/access/roles/{roleId}";
        console.get(r, base, c -> page(c, 200, null, null));
        console.post(r, base, c -> {
            Project p = project(c);
            CustomRoleStore.Row role = role(c, p);
            try {
                roles.update(
                        c.actor(),
                        p.id(),
                        role.id(),
                        c.form().get("slug", "").strip(),
                        c.form().get("name", "").strip(),
                        null,
                        c.form().get("keepRules") != null ? null : AccessScreen.rules(c.form()));
                return Page.redirect(
                        "/projects/" + p.id() + "/access/roles/" + Console.enc(role.id()) + "?done=saved", null);
            } catch (ApiException e) {
                return page(c, ErrorMapper.map("console", e).statusCode(), "edit", e.getMessage());
            }
        });
        console.post(r, base + "/delete", c -> {
            Project p = project(c);
            try {
                roles.delete(c.actor(), p.id(), role(c, p).id());
                return Page.redirect("/projects/" + p.id() + "/access?done=roleDeleted", null);
            } catch (ApiException e) {
                return page(c, ErrorMapper.map("console", e).statusCode(), "delete", e.getMessage());
            }
        });
    }

    private Project project(Console.Call c) {
        return projects.get(c.actor(), c.req().param("projectId"));
    }

    private CustomRoleStore.Row role(Console.Call c, Project p) {
        String id = c.req().param("roleId");
        return roles.list(c.actor(), p.id()).stream()
                .filter(x -> x.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new ApiException.NotFound("Project '" + p.name()
                        + "' has no custom role with this id; it may have been deleted. Go back to Access."));
    }

    /**
     * The stored rules as editor rows, or null when one of them is more than the editor can show: a
     * subject or action it does not offer, or a condition other than "environment equals" and "path
     * matches the glob".
     */
    static List<Views.RuleRow> rows(String stored) {
        JsonNode rules;
        try {
            rules = JSON.readTree(stored);
        } catch (IOException e) {
            return null;
        }
        List<Views.RuleRow> out = new ArrayList<>();
        for (JsonNode rule : rules) {
            String subject = rule.path("subject").asText("");
            if (!Views.RULE_SUBJECTS.contains(subject)) return null;
            List<String> actions = new ArrayList<>();
            for (JsonNode a : rule.path("action")) {
                if (!Views.RULE_ACTIONS.contains(a.asText())) return null;
                actions.add(a.asText());
            }
            String env = "";
            String path = "";
            for (Map.Entry<String, JsonNode> cond : rule.path("conditions").properties()) {
                String value = only(cond.getValue(), cond.getKey().equals("environment") ? "$eq" : "$glob");
                if (value == null) return null;
                switch (cond.getKey()) {
                    case "environment" -> env = value;
                    case "secretPath" -> path = value;
                    default -> {
                        return null;
                    }
                }
            }
            out.add(new Views.RuleRow(
                    out.size(),
                    subject,
                    actions,
                    env,
                    path,
                    rule.path("inverted").asBoolean(false)));
        }
        return out;
    }

    /** The text of a condition that is exactly {@code {op: "text"}} (or plain text for $eq), else null. */
    private static String only(JsonNode condition, String op) {
        if (condition.isTextual()) return op.equals("$eq") ? condition.textValue() : null;
        if (condition.size() != 1 || !condition.path(op).isTextual()) return null;
        return condition.path(op).textValue();
    }

    private Reply page(Console.Call c, int status, String field, String error) {
        Project p = project(c);
        CustomRoleStore.Row role = role(c, p);
        List<Views.RuleRow> filled = rows(role.permissions());
        List<Views.RuleRow> editor = new ArrayList<>();
        if (filled != null) {
            editor.addAll(filled);
            int n = Math.max(AccessScreen.RULE_ROWS, filled.size() + SPARE_ROWS);
            for (int i = filled.size(); i < n; i++) editor.add(new Views.RuleRow(i, "", List.of(), "", "", false));
        }
        String notice = "saved".equals(c.query("done")) ? "Role saved." : null;
        List<Chrome.Crumb> crumbs = List.of(
                new Chrome.Crumb("Projects", "/"),
                new Chrome.Crumb(p.name(), "/projects/" + p.id()),
                new Chrome.Crumb("Access", "/projects/" + p.id() + "/access"),
                new Chrome.Crumb(role.slug(), null));
        return console.render(
                c,
                status,
                "role.jte",
                console.chrome(c, "Role " + role.slug() + " · " + p.name(), "projects", crumbs, notice),
                new Views.RoleEdit(
                        p.id(),
                        p.name(),
                        role.id(),
                        role.slug(),
                        role.name(),
                        role.permissions(),
                        filled != null,
                        editor,
                        field,
                        error));
    }
}
