package dev.coffer.server.access;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The policies of service-token actors. A token belongs to one project; its policy there is compiled
 * from its scopes (exact environment, path glob) and permissions: {@code read} reads secrets and
 * folders with their values, {@code write} creates, changes and deletes them. It has no policy in
 * any other project.
 */
public interface TokenPolicies {

    /** One scope of a token: an environment slug and a folder-path glob ({@code /a}, {@code /a/**}). */
    record Scope(String environment, String secretPath) {}

    /** An environment and folder a request is answered for, whatever it asked. */
    record Place(String environment, String secretPath) {}

    TokenPolicies NONE = new TokenPolicies() {
        @Override
        public Optional<Policy> policy(Actor actor, ProjectRef project) {
            return Optional.empty();
        }

        @Override
        public Optional<Place> pinned(Actor actor) {
            return Optional.empty();
        }
    };

    /** The token's policy in the project; empty when it is not the token's project (or it is gone). */
    Optional<Policy> policy(Actor actor, ProjectRef project);

    /**
     * Infisical's quirk: a token with exactly one scope whose path is no glob reads that scope's
     * environment and folder whatever the request names.
     */
    Optional<Place> pinned(Actor actor);

    /** Compiles scopes and permissions ("read", "write") to a policy. */
    static Policy compile(List<Scope> scopes, Set<String> permissions) {
        Set<Action> actions = EnumSet.noneOf(Action.class);
        if (permissions.contains("read")) actions.addAll(EnumSet.of(Action.READ, Action.READ_VALUE));
        if (permissions.contains("write")) actions.addAll(EnumSet.of(Action.CREATE, Action.EDIT, Action.DELETE));
        List<Rule> rules = new ArrayList<>();
        if (!actions.isEmpty()) {
            for (Scope s : scopes) {
                Condition env = Condition.of(Condition.Field.ENVIRONMENT, Condition.Op.EQ, s.environment());
                Condition path = Condition.of(Condition.Field.SECRET_PATH, Condition.Op.GLOB, s.secretPath());
                rules.add(Rule.allow(Subject.SECRETS, actions, env, path));
                rules.add(Rule.allow(Subject.FOLDERS, actions, env, path));
            }
        }
        return new Policy("service-token", rules);
    }
}
