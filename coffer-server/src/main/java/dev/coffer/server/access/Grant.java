package dev.coffer.server.access;

import java.util.ArrayList;
import java.util.List;

/**
 * One role a membership holds, compiled: its policy and, for a temporary role, the time span in which
 * it counts (epoch milliseconds, end exclusive).
 */
record Grant(Policy policy, Long start, Long end) {

    static Grant of(MembershipStore.RoleRow row) {
        Policy policy = row.customRoleId() == null
                ? Roles.project(row.role())
                : new Policy(row.customRoleSlug(), Permissions.compileStored(row.customPermissions()));
        return new Grant(
                policy, row.temporary() ? row.temporaryStart() : null, row.temporary() ? row.temporaryEnd() : null);
    }

    boolean activeAt(long now) {
        return end == null || (now >= start && now < end);
    }

    /**
     * The policy of every grant active at {@code now}, as one: all their rules together, so a rule that
     * forbids in one role beats a rule that allows in another. With no active grant, a policy that
     * allows nothing.
     */
    static Policy policyAt(List<Grant> grants, long now) {
        List<Rule> rules = new ArrayList<>();
        List<String> slugs = new ArrayList<>();
        for (Grant g : grants) {
            if (!g.activeAt(now)) continue;
            rules.addAll(g.policy().rules());
            slugs.add(g.policy().slug());
        }
        if (slugs.isEmpty()) {
            return new Policy(
                    grants.isEmpty() ? "no-access" : "no-access (its temporary roles are not in force)", List.of());
        }
        return new Policy(String.join("', '", slugs), rules);
    }
}
