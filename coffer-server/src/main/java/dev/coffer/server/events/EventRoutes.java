package dev.coffer.server.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Authorizer;
import dev.coffer.server.access.Glob;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.http.Request;
import dev.coffer.server.http.Router;
import dev.coffer.server.projects.Environment;
import dev.coffer.server.projects.Project;
import dev.coffer.server.projects.ProjectService;
import dev.coffer.server.projects.SecretPath;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Infisical's event subscription, {@code POST /api/v1/events/subscribe/project-events}: a stream of
 * server-sent events telling the caller which secrets of a project changed (names and versions, never
 * values). The caller must be a member of the project (authorized first, as every route); then the body
 * is checked (400 saying what to fix), and only then does the stream begin.
 */
public final class EventRoutes {

    static final int MAX_REGISTER = 10;

    private EventRoutes() {}

    public static void register(Router r, ChangeEvents events, ProjectService projects, Authorizer authorizer) {
        r.post("/api/v1/events/subscribe/project-events", req -> {
            JsonNode projectId = req.body().raw("projectId");
            if (projectId == null
                    || !projectId.isTextual()
                    || projectId.textValue().isBlank()) {
                throw new ApiException.BadRequest(
                        "'projectId' is required: the id of the project whose secret changes to subscribe to.");
            }
            Project project = projects.find(projectId.textValue());
            Actor actor = req.actor();
            authorizer.policyIn(actor, project.ref());
            List<Registration> registrations = registrations(req, projects.environments(project.id()));
            BooleanSupplier stillAllowed = () -> {
                try {
                    Actor now = req.reauthenticate();
                    authorizer.policyIn(now, project.ref());
                    return true;
                } catch (RuntimeException e) {
                    return false;
                }
            };
            return events.subscribe(actor, project.ref(), registrations, stillAllowed);
        });
    }

    private static List<Registration> registrations(Request req, List<Environment> environments) {
        JsonNode register = req.body().raw("register");
        if (register == null || !register.isArray() || register.isEmpty() || register.size() > MAX_REGISTER) {
            throw new ApiException.BadRequest("'register' must be a list of 1 to " + MAX_REGISTER
                    + " items such as {\"event\": \"secret:update\", \"conditions\": {\"environmentSlug\": "
                    + "\"prod\", \"secretPath\": \"/app/**\"}}.");
        }
        List<Registration> out = new ArrayList<>();
        for (int i = 0; i < register.size(); i++) {
            String at = "register[" + i + "]";
            JsonNode item = register.get(i);
            if (!item.isObject()) throw new ApiException.BadRequest("'" + at + "' must be an object.");
            JsonNode event = item.get("event");
            if (event == null || !event.isTextual() || !ChangeEvents.TYPES.contains(event.textValue())) {
                throw new ApiException.BadRequest(
                        "'" + at + ".event' must be one of " + String.join(", ", ChangeEvents.TYPES) + ".");
            }
            JsonNode conditions = item.get("conditions");
            String env = null;
            Glob path = null;
            if (conditions != null && !conditions.isNull()) {
                if (!conditions.isObject()) {
                    throw new ApiException.BadRequest("'" + at + ".conditions' must be an object with "
                            + "'environmentSlug' and/or 'secretPath'.");
                }
                for (Iterator<String> names = conditions.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!name.equals("environmentSlug") && !name.equals("secretPath")) {
                        throw new ApiException.BadRequest("'" + at + ".conditions' may hold only 'environmentSlug'"
                                + " and 'secretPath'; remove '" + abbreviate(name) + "'.");
                    }
                }
                env = environment(conditions.get("environmentSlug"), at, environments);
                path = path(conditions.get("secretPath"), at);
            }
            out.add(new Registration(event.textValue(), env, path));
        }
        return out;
    }

    private static String environment(JsonNode node, String at, List<Environment> environments) {
        if (node == null || node.isNull()) return null;
        if (!node.isTextual()) {
            throw new ApiException.BadRequest("'" + at + ".conditions.environmentSlug' must be a string.");
        }
        for (Environment e : environments) if (e.slug().equals(node.textValue())) return e.slug();
        throw new ApiException.BadRequest("'" + at + ".conditions.environmentSlug' names no environment of the"
                + " project; its environments are "
                + String.join(", ", environments.stream().map(Environment::slug).toList()) + ".");
    }

    private static Glob path(JsonNode node, String at) {
        if (node == null || node.isNull()) return null;
        String field = "'" + at + ".conditions.secretPath'";
        if (!node.isTextual() || !node.textValue().startsWith("/")) {
            throw new ApiException.BadRequest(
                    field + " must be a folder path or glob starting with '/', such as " + "/app or /app/**.");
        }
        String p = node.textValue();
        if (p.length() > 1024) throw new ApiException.BadRequest(field + " is longer than 1024 characters.");
        boolean glob = p.chars().anyMatch(c -> c == '*' || c == '?' || c == '{');
        if (!glob) {
            try {
                return Glob.compile(SecretPath.parse(p).toString());
            } catch (ApiException e) {
                throw new ApiException.BadRequest(field + " is not a valid folder path: " + e.getMessage());
            }
        }
        for (String segment : p.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new ApiException.BadRequest(field + " may not hold '.' or '..' segments.");
            }
        }
        try {
            return Glob.compile(p);
        } catch (IllegalArgumentException e) {
            throw new ApiException.BadRequest(field + " is not a valid glob (" + e.getMessage() + ").");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
