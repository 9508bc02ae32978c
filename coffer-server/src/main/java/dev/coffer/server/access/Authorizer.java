package dev.coffer.server.access;

import dev.coffer.server.audit.AuditScope;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.cache.TtlCache;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one place that decides whether an actor may act on a resource. Deny by default. A project of
 * another organization is "not found"; an identity that is no member of the project gets 403 naming
 * itself, the project and how to be added; a role that does not allow the action gets 403 naming the
 * role, the action and the resource. Organization admins act as project admins in every project of
 * their organization. Listings ask {@link #filter} with each item, so they show exactly what
 * {@link #require} would allow one by one.
 *
 * <p>Memberships are cached; every change to one is delivered through the {@link Invalidator}, on
 * every node.
 */
public final class Authorizer {

    private final Database db;
    private final Clock clock;
    private final TtlCache<String, Optional<List<Grant>>> memberships;
    private volatile TokenPolicies tokenPolicies = TokenPolicies.NONE;

    public Authorizer(Database db, Invalidator invalidator, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.memberships = new TtlCache<>(100_000, Duration.ofSeconds(30), clock);
        invalidator.on(Invalidator.Topic.MEMBERSHIP, memberships::invalidate);
        invalidator.on(Invalidator.Topic.PROJECT, id -> memberships.invalidateKeys(k -> k.startsWith(id + "|")));
        invalidator.on(Invalidator.Topic.IDENTITY, id -> memberships.invalidateKeys(k -> k.endsWith("|" + id)));
        invalidator.onFlushAll(memberships::clear);
    }

    /** Where service-token actors get their policy (compiled from the token's scopes) from. */
    public void useTokenPolicies(TokenPolicies policies) {
        this.tokenPolicies = policies;
    }

    /** The one place a service token is pinned to, if it has one (see {@link TokenPolicies#pinned}). */
    public Optional<TokenPolicies.Place> pinnedPlace(Actor actor) {
        return actor.kind() == Actor.Kind.SERVICE_TOKEN ? tokenPolicies.pinned(actor) : Optional.empty();
    }

    /** The cache key of a membership, as {@code Tx.invalidate(MEMBERSHIP, …)} must name it. */
    public static String membershipKey(String projectId, String identityId) {
        return projectId + "|" + identityId;
    }

    /**
     * Requires {@code action} on {@code resource}.
     *
     * @throws ApiException.NotFound  when the resource's project belongs to another organization
     * @throws ApiException.Forbidden when the actor may not
     */
    public void require(Actor actor, Action action, Resource resource) {
        touched(resource);
        if (!resource.subject().inProject()) {
            requireInOrg(actor, action, resource);
            return;
        }
        Policy policy = policyIn(actor, resource.project());
        if (!policy.allows(action, resource)) {
            ProjectRef p = resource.project();
            throw new ApiException.Forbidden("Permission denied: " + actor.describe() + " has role '" + policy.slug()
                    + "' in project '" + p.name() + "', which does not allow " + action.verb() + " "
                    + resource.subject().label() + where(resource) + ". Ask a project admin for a role that does"
                    + " (member or admin).");
        }
    }

    /** Whether {@link #require} would pass; never throws for a denial. */
    public boolean allows(Actor actor, Action action, Resource resource) {
        if (!actor.orgId().equals(resource.orgId())) return false;
        if (!resource.subject().inProject())
            return Roles.organization(actor.orgRole()).allows(action, resource);
        Optional<Policy> policy = policyIfMember(actor, resource.project());
        return policy.isPresent() && policy.get().allows(action, resource);
    }

    /**
     * The items the actor may act on, in their order: a listing shows what one-by-one access would. When
     * the actor's role allows the action on every resource of {@code scope}'s subject in its project
     * (no conditions, no forbidding rule), the items are not checked one by one.
     */
    public <T> List<T> filter(
            Actor actor, Action action, Resource scope, Collection<T> items, Function<T, Resource> resourceOf) {
        touched(scope);
        if (scope.subject().inProject() && actor.orgId().equals(scope.orgId())) {
            Optional<Policy> policy = policyIfMember(actor, scope.project());
            if (policy.isPresent() && policy.get().allowsEvery(action, scope.subject())) {
                if (scope.subject() == Subject.SECRETS) for (T item : items) touched(resourceOf.apply(item));
                return List.copyOf(items);
            }
        }
        return filter(actor, action, items, resourceOf);
    }

    /**
     * Notes in the request's audit scope the secrets a listing shows when its answer was kept from an
     * earlier request (in {@code place}'s project, under the same policy, at the same data): exactly the
     * names {@link #filter} notes when it decides that listing again, in the same order ({@code
     * secretNames} immutable and each name once, as the audit scope keeps them).
     */
    public void listed(Resource place, List<String> secretNames) {
        touched(place);
        AuditScope.listed(
                place.project() == null ? null : place.project().id(),
                place.environment(),
                place.secretPath(),
                secretNames);
    }

    /** The items the actor may act on, in their order: a listing shows what one-by-one access would. */
    public <T> List<T> filter(Actor actor, Action action, Collection<T> items, Function<T, Resource> resourceOf) {
        List<T> out = new ArrayList<>(items.size());
        String lastProject = null;
        Optional<Policy> policy = Optional.empty();
        for (T item : items) {
            Resource r = resourceOf.apply(item);
            if (!r.subject().inProject() || !actor.orgId().equals(r.orgId())) {
                if (allows(actor, action, r)) {
                    out.add(item);
                    touched(r);
                }
                continue;
            }
            if (!r.project().id().equals(lastProject)) {
                lastProject = r.project().id();
                policy = policyIfMember(actor, r.project());
            }
            if (policy.isPresent() && policy.get().allows(action, r)) {
                out.add(item);
                touched(r);
            }
        }
        return out;
    }

    /**
     * The actor's policy in the project.
     *
     * @throws ApiException.NotFound  when the project belongs to another organization
     * @throws ApiException.Forbidden when the actor is not a member
     */
    public Policy policyIn(Actor actor, ProjectRef project) {
        AuditScope.touched(project.id(), null, null, null);
        if (!actor.orgId().equals(project.orgId())) {
            throw new ApiException.NotFound("Project with id '" + project.id() + "' not found.");
        }
        return policyIfMember(actor, project).orElseThrow(() -> notAMember(actor, project));
    }

    private static ApiException.Forbidden notAMember(Actor actor, ProjectRef project) {
        String how = actor.kind() == Actor.Kind.SERVICE_TOKEN
                ? " belongs to another project than '" + project.name() + "' (" + project.id()
                        + "). A service token reads only its own project; an admin of this project can create "
                        + "one for it with POST /api/v2/service-token."
                : actor.kind() == Actor.Kind.USER
                        ? " is not a member of project '" + project.name() + "' (" + project.id()
                                + "). An admin of the project can add you with POST /api/v2/workspace/" + project.id()
                                + "/memberships {\"emails\":[\"<your email>\"],\"roleSlugs\":[\"viewer\"]} (or coffer "
                                + "members add)."
                        : " is not a member of project '" + project.name() + "' (" + project.id()
                                + "). An admin of the project can add it with POST /api/v2/workspace/" + project.id()
                                + "/identity-memberships/" + actor.id()
                                + " {\"role\":\"viewer\"|\"member\"|\"admin\"}.";
        return new ApiException.Forbidden("Permission denied: " + actor.describe() + how);
    }

    private Optional<Policy> policyIfMember(Actor actor, ProjectRef project) {
        if (!actor.orgId().equals(project.orgId())) return Optional.empty();
        if (actor.kind() == Actor.Kind.SERVICE_TOKEN) return tokenPolicies.policy(actor, project);
        if ("admin".equals(actor.orgRole())) return Optional.of(Roles.PROJECT_ADMIN);
        String kind = actor.kind() == Actor.Kind.USER ? MembershipStore.USER : MembershipStore.IDENTITY;
        // the grants are cached with their end times and counted against the clock at every decision, so a
        // temporary role stops counting exactly when it ends, whatever the cache holds
        return memberships
                .get(
                        membershipKey(project.id(), actor.id()),
                        k -> db.read(tx -> MembershipStore.roles(tx, project.id(), kind, actor.id()))
                                .map(rows -> rows.stream().map(Grant::of).toList()))
                .map(grants -> Grant.policyAt(grants, clock.millis()));
    }

    /**
     * Requires that the actor could do everything {@code rules} allow in the project: nobody grants a
     * role or a permission above their own.
     *
     * @param what what is being granted, for the message (e.g. "role 'ci-reader'")
     * @throws ApiException.Forbidden naming the first action the actor's own role does not allow
     */
    public void requireMayGrant(Actor actor, ProjectRef project, String what, List<Rule> rules) {
        Policy own = policyIn(actor, project);
        for (Rule rule : rules) {
            Action missing = own.notGrantable(rule);
            if (missing != null) {
                throw new ApiException.Forbidden("Permission denied: " + actor.describe() + " cannot grant " + what
                        + ": it allows " + missing.verb() + " " + rule.subject().label()
                        + (rule.conditions().isEmpty() ? "" : " under its conditions") + ", which " + actor.describe()
                        + "'s own role '" + own.slug() + "' in project '" + project.name() + "' does not allow as"
                        + " widely. Nobody can grant more than they hold; ask a project admin.");
            }
        }
    }

    private static void requireInOrg(Actor actor, Action action, Resource resource) {
        if (resource.orgId() != null && !actor.orgId().equals(resource.orgId())) {
            throw new ApiException.Forbidden("Permission denied: " + actor.describe()
                    + " belongs to another organization " + "than '" + resource.orgId() + "' and cannot act on its "
                    + resource.subject().label() + ".");
        }
        Policy policy = Roles.organization(actor.orgRole());
        if (!policy.allows(action, resource)) {
            throw new ApiException.Forbidden("Permission denied: " + actor.describe() + " has organization role '"
                    + actor.orgRole() + "', which does not allow " + action.verb() + " "
                    + resource.subject().label()
                    + "; ask an organization admin.");
        }
    }

    /** 403 unless the actor is a person (sessions and passwords belong to users, not machines). */
    public static Actor requirePerson(Actor actor) {
        if (actor.kind() != Actor.Kind.USER) {
            throw new ApiException.Forbidden("Only people have sessions and passwords; " + actor.describe() + " is a "
                    + actor.kind().label() + ". Log in as a user with POST /api/v1/auth/login.");
        }
        return actor;
    }

    /** 403 unless the actor is the instance admin (the user made by bootstrap). */
    public static void requireInstanceAdmin(Actor actor, boolean isInstanceAdmin) {
        if (actor.kind() != Actor.Kind.USER || !isInstanceAdmin) {
            throw new ApiException.Forbidden("Permission denied: only the instance admin (the user made by "
                    + "bootstrap, logged in with POST /api/v1/auth/login) may do this; " + actor.describe()
                    + " is not.");
        }
    }

    /** 403 when the organization role {@code role} ranks above the actor's own (no-access, member, admin). */
    public static void requireOrgRoleAtMost(Actor actor, String role) {
        if (orgRank(role) > orgRank(actor.orgRole())) {
            throw new ApiException.Forbidden("Permission denied: " + actor.describe() + " has organization role '"
                    + actor.orgRole() + "' and cannot grant the higher role '" + role + "'.");
        }
    }

    private static int orgRank(String orgRole) {
        return switch (orgRole) {
            case "admin" -> 2;
            case "member" -> 1;
            default -> 0;
        };
    }

    /** Notes the resource in the request's audit scope (names only), whatever the decision. */
    private static void touched(Resource r) {
        AuditScope.touched(
                r.project() == null ? null : r.project().id(),
                r.environment(),
                r.secretPath(),
                r.subject() == Subject.SECRETS ? r.secretName() : null);
    }

    private static String where(Resource r) {
        StringBuilder sb = new StringBuilder();
        if (r.secretName() != null) sb.append(" ('").append(r.secretName()).append("')");
        if (r.environment() != null)
            sb.append(" in environment '").append(r.environment()).append("'");
        if (r.secretPath() != null) sb.append(" at '").append(r.secretPath()).append("'");
        return sb.toString();
    }
}
