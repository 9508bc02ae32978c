package dev.coffer.server.access;

import java.util.List;

/**
 * A role compiled to rules. An action on a resource is allowed when some allowing rule covers it and
 * no forbidding rule does: deny beats allow, and nothing is allowed by default.
 *
 * <p>When the resource leaves a field unknown (asking "may it list secrets in this folder at all?"
 * before the names are known), an allowing rule's condition on that field counts as met and a
 * forbidding rule's as not met; the answer is then "possibly", and the caller must check each item it
 * returns with every field known, as listings do.
 *
 * @param slug the role's slug as clients send it ("admin", "viewer", a custom role's slug)
 */
public record Policy(String slug, List<Rule> rules) {

    public Policy {
        rules = List.copyOf(rules);
    }

    public boolean allows(Action action, Resource r) {
        boolean allowed = false;
        for (Rule rule : rules) {
            if (!rule.covers(action, r)) continue;
            if (rule.inverted()) {
                if (allMet(rule, r, false)) return false;
            } else if (!allowed && allMet(rule, r, true)) {
                allowed = true;
            }
        }
        return allowed;
    }

    /**
     * Whether {@code action} is allowed on every resource of {@code subject}, whatever its environment,
     * path, name or tags: an allowing rule without conditions covers it and no forbidding rule does.
     * Listings use it to skip checking each item when the answer cannot differ between items.
     */
    public boolean allowsEvery(Action action, Subject subject) {
        boolean unconditional = false;
        for (Rule rule : rules) {
            if (rule.subject() != subject || !rule.actions().contains(action)) continue;
            if (rule.inverted()) return false;
            if (rule.conditions().isEmpty()) unconditional = true;
        }
        return unconditional;
    }

    private static boolean allMet(Rule rule, Resource r, boolean unknownMeets) {
        for (Condition c : rule.conditions()) {
            Boolean met = c.test(r);
            if (met == null ? !unknownMeets : !met) return false;
        }
        return true;
    }
}
