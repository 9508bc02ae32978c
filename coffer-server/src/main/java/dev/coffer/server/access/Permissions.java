package dev.coffer.server.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.server.errors.ApiException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Custom roles' permission rules in Infisical's format, compiled to {@link Rule}s. A rule is
 * {@code {subject, action, conditions?, inverted?}}: {@code action} one name or a list; conditions on
 * {@code environment}, {@code secretPath}, {@code secretName} (a plain value, or an object of
 * {@code $eq}, {@code $neq}, {@code $in}, {@code $glob}) and {@code secretTags} ({@code {$in:[…]}}),
 * allowed on {@code secrets}, {@code secret-folders} and {@code secret-imports}. On secrets,
 * {@code read} is {@code describeSecret} plus {@code readValue}.
 *
 * <p>Anything unknown (subject, action, field, operator) is a 422 that names it and the valid choices:
 * a rule Coffer did not understand is never silently dropped or widened.
 */
public final class Permissions {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RULES = 200;

    private static final Map<String, Subject> SUBJECTS = new LinkedHashMap<>();
    private static final Set<Subject> WITH_CONDITIONS =
            EnumSet.of(Subject.SECRETS, Subject.FOLDERS, Subject.SECRET_IMPORTS);
    private static final List<String> CRUD = List.of("read", "create", "edit", "delete");
    private static final List<String> SECRET_ACTIONS =
            List.of("read", "describeSecret", "readValue", "create", "edit", "delete");

    static {
        SUBJECTS.put("secrets", Subject.SECRETS);
        SUBJECTS.put("secret-folders", Subject.FOLDERS);
        SUBJECTS.put("secret-imports", Subject.SECRET_IMPORTS);
        SUBJECTS.put("environments", Subject.ENVIRONMENTS);
        SUBJECTS.put("member", Subject.MEMBERS);
        SUBJECTS.put("identity", Subject.PROJECT_IDENTITIES);
        SUBJECTS.put("role", Subject.ROLES);
        SUBJECTS.put("tags", Subject.TAGS);
        SUBJECTS.put("audit-logs", Subject.AUDIT_LOGS);
        SUBJECTS.put("service-tokens", Subject.SERVICE_TOKENS);
        SUBJECTS.put("settings", Subject.PROJECT);
    }

    private static final Map<String, Condition.Field> FIELDS = Map.of(
            "environment", Condition.Field.ENVIRONMENT,
            "secretPath", Condition.Field.SECRET_PATH,
            "secretName", Condition.Field.SECRET_NAME,
            "secretTags", Condition.Field.SECRET_TAGS);

    private static final Map<String, Condition.Op> OPS = Map.of(
            "$eq", Condition.Op.EQ, "$neq", Condition.Op.NEQ, "$in", Condition.Op.IN, "$glob", Condition.Op.GLOB);

    /** Rules as given and as compiled: {@code normalized} is what is stored and shown (actions as lists). */
    public record Compiled(ArrayNode normalized, List<Rule> rules) {}

    private Permissions() {}

    /**
     * Parses and checks a {@code permissions} array from a request.
     *
     * @throws ApiException.Validation naming the first unknown subject, action, field or operator
     */
    public static Compiled parse(JsonNode permissions, String field) {
        if (permissions == null || !permissions.isArray()) {
            throw new ApiException.Validation(field, "'" + field + "' must be an array of permission rules.");
        }
        if (permissions.size() > MAX_RULES) {
            throw new ApiException.Validation(
                    field,
                    "A role has at most " + MAX_RULES + " permission rules; '" + field + "' has " + permissions.size()
                            + ".");
        }
        ArrayNode normalized = JSON.createArrayNode();
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < permissions.size(); i++) {
            String at = field + "[" + i + "]";
            JsonNode rule = permissions.get(i);
            if (!rule.isObject()) throw invalid(at, "each permission rule must be an object");
            ObjectNode out = normalized.addObject();
            rules.add(rule(rule, at, out));
        }
        return new Compiled(normalized, rules);
    }

    /** Compiles rules Coffer stored itself (already checked); an unreadable store is a server fault. */
    public static List<Rule> compileStored(String json) {
        try {
            return parse(JSON.readTree(json), "permissions").rules();
        } catch (Exception e) {
            throw new ApiException.ServerFault(
                    "A stored custom role's rules could not be read; was the database changed outside Coffer?");
        }
    }

    /** Rules without conditions (the built-in roles') in the stored format. */
    public static ArrayNode render(List<Rule> rules) {
        ArrayNode out = JSON.createArrayNode();
        for (Rule r : rules) {
            String subject = SUBJECTS.entrySet().stream()
                    .filter(e -> e.getValue() == r.subject())
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElse(null);
            if (subject == null) continue;
            ObjectNode o = out.addObject();
            o.put("subject", subject);
            ArrayNode actions = o.putArray("action");
            Set<Action> a = r.actions();
            if (a.contains(Action.READ) && (r.subject() != Subject.SECRETS || a.contains(Action.READ_VALUE))) {
                actions.add("read");
            } else if (a.contains(Action.READ)) actions.add("describeSecret");
            if (r.subject() == Subject.SECRETS && a.contains(Action.READ_VALUE) && !a.contains(Action.READ)) {
                actions.add("readValue");
            }
            if (a.contains(Action.CREATE)) actions.add("create");
            if (a.contains(Action.EDIT)) actions.add("edit");
            if (a.contains(Action.DELETE)) actions.add("delete");
            o.put("inverted", r.inverted());
        }
        return out;
    }

    private static Rule rule(JsonNode rule, String at, ObjectNode out) {
        for (Iterator<String> names = rule.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!List.of("subject", "action", "conditions", "inverted").contains(name)) {
                throw invalid(
                        at + "." + name,
                        "unknown field '" + name
                                + "' in a permission rule; a rule has subject, action, conditions and inverted");
            }
        }
        JsonNode subjectNode = rule.get("subject");
        String subjectName = subjectNode == null || !subjectNode.isTextual() ? null : subjectNode.textValue();
        Subject subject = subjectName == null ? null : SUBJECTS.get(subjectName);
        if (subject == null) {
            throw invalid(
                    at + ".subject",
                    "unknown subject '" + subjectName + "'; use one of " + String.join(", ", SUBJECTS.keySet()));
        }
        out.put("subject", subjectName);
        Set<Action> actions = EnumSet.noneOf(Action.class);
        ArrayNode actionOut = out.putArray("action");
        for (String action : actionNames(rule.get("action"), at + ".action")) {
            actions.addAll(actions(subject, subjectName, action, at + ".action"));
            actionOut.add(action);
        }
        List<Condition> conditions = new ArrayList<>();
        JsonNode cond = rule.get("conditions");
        if (cond != null && !cond.isNull()) {
            if (!WITH_CONDITIONS.contains(subject) && !cond.isEmpty()) {
                throw invalid(
                        at + ".conditions",
                        "subject '" + subjectName
                                + "' takes no conditions; conditions apply to secrets, secret-folders and secret-imports");
            }
            if (!cond.isObject()) throw invalid(at + ".conditions", "conditions must be an object");
            conditions(cond, at + ".conditions", conditions);
            out.set("conditions", cond.deepCopy());
        }
        JsonNode inv = rule.get("inverted");
        if (inv != null && !inv.isNull() && !inv.isBoolean()) {
            throw invalid(at + ".inverted", "inverted must be true or false");
        }
        boolean inverted = inv != null && inv.asBoolean(false);
        out.put("inverted", inverted);
        return new Rule(subject, actions, conditions, inverted);
    }

    private static List<String> actionNames(JsonNode node, String at) {
        List<String> names = new ArrayList<>();
        if (node != null && node.isTextual()) names.add(node.textValue());
        else if (node != null && node.isArray() && !node.isEmpty()) {
            for (JsonNode a : node) {
                if (!a.isTextual()) throw invalid(at, "action must be a name or a list of names");
                names.add(a.textValue());
            }
        } else throw invalid(at, "action is required: a name or a non-empty list of names");
        return names;
    }

    private static Set<Action> actions(Subject subject, String subjectName, String action, String at) {
        List<String> valid =
                subject == Subject.SECRETS ? SECRET_ACTIONS : subject == Subject.AUDIT_LOGS ? List.of("read") : CRUD;
        if (!valid.contains(action)) {
            throw invalid(
                    at,
                    "unknown action '" + action + "' for subject '" + subjectName + "'; use one of "
                            + String.join(", ", valid));
        }
        return switch (action) {
            case "read" ->
                subject == Subject.SECRETS ? EnumSet.of(Action.READ, Action.READ_VALUE) : EnumSet.of(Action.READ);
            case "describeSecret" -> EnumSet.of(Action.READ);
            case "readValue" -> EnumSet.of(Action.READ_VALUE);
            case "create" -> EnumSet.of(Action.CREATE);
            case "edit" -> EnumSet.of(Action.EDIT);
            default -> EnumSet.of(Action.DELETE);
        };
    }

    private static void conditions(JsonNode cond, String at, List<Condition> out) {
        for (Map.Entry<String, JsonNode> e : cond.properties()) {
            String where = at + "." + e.getKey();
            Condition.Field field = FIELDS.get(e.getKey());
            if (field == null) {
                throw invalid(
                        where,
                        "unknown condition field '" + e.getKey()
                                + "'; use environment, secretPath, secretName or secretTags");
            }
            JsonNode v = e.getValue();
            if (v.isTextual() && field != Condition.Field.SECRET_TAGS) {
                out.add(condition(field, Condition.Op.EQ, List.of(v.textValue()), where));
                continue;
            }
            if (!v.isObject() || v.isEmpty()) {
                throw invalid(
                        where,
                        field == Condition.Field.SECRET_TAGS
                                ? "secretTags takes {\"$in\": [tag slugs]}"
                                : "a condition is a value or an object of $eq, $neq, $in, $glob");
            }
            for (Map.Entry<String, JsonNode> o : v.properties()) {
                Condition.Op op = OPS.get(o.getKey());
                if (op == null || (field == Condition.Field.SECRET_TAGS && op != Condition.Op.IN)) {
                    throw invalid(
                            where + "." + o.getKey(),
                            "unknown operator '" + o.getKey() + "'; use "
                                    + (field == Condition.Field.SECRET_TAGS ? "$in" : "$eq, $neq, $in or $glob"));
                }
                out.add(condition(field, op, values(o.getValue(), op, where + "." + o.getKey()), where));
            }
        }
    }

    private static List<String> values(JsonNode v, Condition.Op op, String at) {
        if (op == Condition.Op.IN) {
            if (!v.isArray() || v.isEmpty()) throw invalid(at, "$in takes a non-empty list of strings");
            List<String> out = new ArrayList<>();
            for (JsonNode e : v) {
                if (!e.isTextual()) throw invalid(at, "$in takes a non-empty list of strings");
                out.add(e.textValue());
            }
            return out;
        }
        if (!v.isTextual() || v.textValue().isEmpty()) throw invalid(at, "this operator takes a non-empty string");
        return List.of(v.textValue());
    }

    private static Condition condition(Condition.Field field, Condition.Op op, List<String> values, String at) {
        if (field == Condition.Field.SECRET_PATH && op != Condition.Op.GLOB) {
            for (String p : values) {
                if (!p.startsWith("/")) throw invalid(at, "a secret path must start with '/': '" + p + "'");
            }
        }
        try {
            return new Condition(field, op, values, null);
        } catch (IllegalArgumentException e) {
            throw invalid(at, e.getMessage());
        }
    }

    private static ApiException invalid(String at, String message) {
        return new ApiException.Validation(at, "Invalid permission at '" + at + "': " + message + ".");
    }
}
