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

    /**
     * The first action {@code granted} allows that this policy does not surely allow wherever
     * {@code granted} does, or null when it allows them all: someone holding this policy may grant
     * {@code granted}. An action is surely allowed when an allowing rule of this policy covers it with
     * conditions that are all among {@code granted}'s (so they hold wherever {@code granted}'s do) and no
     * forbidding rule of this policy names it. Forbidding rules grant nothing and are always fine.
     */
    public Action notGrantable(Rule granted) {
        if (granted.inverted()) return null;
        for (Action action : granted.actions()) {
            boolean covered = false;
            for (Rule mine : rules) {
                if (mine.subject() != granted.subject() || !mine.actions().contains(action)) continue;
                if (mine.inverted()) {
                    covered = false;
                    break;
                }
                if (!covered
                        && granted.conditions().stream()
                                .map(Policy::key)
                                .toList()
                                .containsAll(mine.conditions().stream()
                                        .map(Policy::key)
                                        .toList())) {
                    covered = true;
                }
            }
            if (!covered) return action;
        }
        return null;
    }

    private static List<Object> key(Condition c) {
        return List.of(c.field(), c.op(), c.values());
    }

    private static boolean allMet(Rule rule, Resource r, boolean unknownMeets) {
        for (Condition c : rule.conditions()) {
            Boolean met = c.test(r);
            if (met == null ? !unknownMeets : !met) return false;
        }
        return true;
    }
}
