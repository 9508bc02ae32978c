package dev.coffer.server.access;

import dev.coffer.server.errors.ApiException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The built-in roles, compiled to {@link Policy}s like any custom role will be. Project roles: admin
 * (everything), member (reads everything, writes secrets, folders, imports and tags), viewer (reads
 * everything), no-access (nothing). Organization roles: admin (everything, and admin of every project
 * of the organization), member (may create projects), no-access (nothing). Slugs are compared
 * exactly: "Admin" is not "admin".
 */
public final class Roles {

    private static final Set<Action> ALL = EnumSet.allOf(Action.class);
    private static final Set<Action> READING = EnumSet.of(Action.READ, Action.READ_VALUE);
    private static final Set<Action> WRITING = EnumSet.of(Action.CREATE, Action.EDIT, Action.DELETE);
    private static final Set<Subject> MEMBER_WRITES =
            EnumSet.of(Subject.SECRETS, Subject.FOLDERS, Subject.SECRET_IMPORTS, Subject.TAGS);

    public static final Policy PROJECT_ADMIN = new Policy("admin", grant(projectSubjects(), ALL));
    public static final Policy PROJECT_MEMBER =
            new Policy("member", concat(grant(projectSubjects(), READING), grant(MEMBER_WRITES, WRITING)));
    public static final Policy PROJECT_VIEWER = new Policy("viewer", grant(projectSubjects(), READING));
    public static final Policy PROJECT_NO_ACCESS = new Policy("no-access", List.of());

    public static final Policy ORG_ADMIN = new Policy("admin", grant(EnumSet.allOf(Subject.class), ALL));
    public static final Policy ORG_MEMBER =
            new Policy("member", List.of(Rule.allow(Subject.PROJECTS, EnumSet.of(Action.CREATE))));
    public static final Policy ORG_NO_ACCESS = new Policy("no-access", List.of());

    private static final Map<String, Policy> PROJECT = Map.of(
            "admin", PROJECT_ADMIN, "member", PROJECT_MEMBER, "viewer", PROJECT_VIEWER, "no-access", PROJECT_NO_ACCESS);
    private static final Map<String, Policy> ORG =
            Map.of("admin", ORG_ADMIN, "member", ORG_MEMBER, "no-access", ORG_NO_ACCESS);

    private Roles() {}

    /** The project role with exactly this slug; an unknown stored slug grants nothing. */
    public static Policy project(String slug) {
        return PROJECT.getOrDefault(slug, PROJECT_NO_ACCESS);
    }

    /** The organization role with exactly this slug; an unknown stored slug grants nothing. */
    public static Policy organization(String slug) {
        return ORG.getOrDefault(slug, ORG_NO_ACCESS);
    }

    /** Whether {@code slug} is exactly a built-in project role's slug (reserved for custom roles). */
    public static boolean isBuiltInProjectRole(String slug) {
        return PROJECT.containsKey(slug);
    }

    /** Checks a project role slug from a request; 400 naming the valid ones otherwise. */
    public static String requireProjectRole(String slug, String field) {
        if (!PROJECT.containsKey(slug)) {
            throw new ApiException.BadRequest("Unknown role '" + slug + "' in '" + field
                    + "'; use one of admin, member, " + "viewer, no-access (lower case).");
        }
        return slug;
    }

    /** Checks an organization role slug from a request; 400 naming the valid ones otherwise. */
    public static String requireOrgRole(String slug) {
        if (!ORG.containsKey(slug)) {
            throw new ApiException.BadRequest(
                    "Unknown organization role '" + slug + "'; use admin, member or no-access.");
        }
        return slug;
    }

    private static Set<Subject> projectSubjects() {
        Set<Subject> s = EnumSet.noneOf(Subject.class);
        for (Subject subject : Subject.values()) if (subject.inProject()) s.add(subject);
        return s;
    }

    private static List<Rule> grant(Set<Subject> subjects, Set<Action> actions) {
        List<Rule> rules = new ArrayList<>();
        for (Subject s : subjects) rules.add(Rule.allow(s, actions));
        return rules;
    }

    private static List<Rule> concat(List<Rule> a, List<Rule> b) {
        List<Rule> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
