package dev.coffer.server.access;

import java.util.EnumSet;
import java.util.Set;

/**
 * A project role: what its holder may do to which subject. The built-in roles are fixed sets;
 * custom roles (later) implement the same check with conditions on environment and path.
 */
public interface Role {

    /** The role's slug as clients send it ("admin", "member", "viewer", "no-access"). */
    String slug();

    /** Whether the role grants {@code action} on {@code subject}. */
    boolean allows(Action action, Subject subject);

    /** The four built-in project roles. Slugs are compared exactly: "Admin" is not "admin". */
    enum Builtin implements Role {
        ADMIN("admin", EnumSet.allOf(Subject.class), EnumSet.allOf(Action.class)),
        MEMBER("member", EnumSet.of(Subject.SECRETS, Subject.FOLDERS, Subject.SECRET_IMPORTS, Subject.TAGS),
                EnumSet.allOf(Action.class)),
        VIEWER("viewer", EnumSet.allOf(Subject.class), EnumSet.of(Action.READ)),
        NO_ACCESS("no-access", EnumSet.noneOf(Subject.class), EnumSet.noneOf(Action.class));

        private final String slug;
        private final Set<Subject> writable;
        private final Set<Action> actions;

        Builtin(String slug, Set<Subject> subjects, Set<Action> actions) {
            this.slug = slug;
            this.writable = subjects;
            this.actions = actions;
        }

        @Override
        public String slug() {
            return slug;
        }

        @Override
        public boolean allows(Action action, Subject subject) {
            if (this == NO_ACCESS) return false;
            // members and viewers can read everything in the project; writes depend on the subject
            if (action == Action.READ) return true;
            return actions.contains(action) && writable.contains(subject);
        }

        /** The built-in role with exactly this slug, or null. */
        public static Builtin bySlug(String slug) {
            for (Builtin b : values()) if (b.slug.equals(slug)) return b;
            return null;
        }
    }
}
