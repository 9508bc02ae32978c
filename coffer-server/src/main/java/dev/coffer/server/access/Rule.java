package dev.coffer.server.access;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One permission rule: the actions it grants (or, when {@code inverted}, forbids) on a subject, under
 * conditions that must all hold. Custom roles are lists of these; so are the built-in ones.
 */
public record Rule(Subject subject, Set<Action> actions, List<Condition> conditions, boolean inverted) {

    public Rule {
        // in declaration order, so messages and the first action found missing are stable
        actions = actions.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(actions));
        conditions = List.copyOf(conditions);
    }

    public static Rule allow(Subject subject, Set<Action> actions, Condition... conditions) {
        return new Rule(subject, actions, List.of(conditions), false);
    }

    public static Rule deny(Subject subject, Set<Action> actions, Condition... conditions) {
        return new Rule(subject, actions, List.of(conditions), true);
    }

    boolean covers(Action action, Resource r) {
        return subject == r.subject() && actions.contains(action);
    }
}
