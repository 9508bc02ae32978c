package dev.coffer.server.access;

/**
 * What an actor wants to do to a resource. {@code READ} sees that something exists (a secret's name,
 * a folder, a member); {@code READ_VALUE} also sees a secret's value.
 */
public enum Action {
    READ("reading"),
    READ_VALUE("reading the values of"),
    CREATE("creating"),
    EDIT("changing"),
    DELETE("deleting");

    private final String verb;

    Action(String verb) {
        this.verb = verb;
    }

    /** The action as messages say it, e.g. "changing". */
    public String verb() {
        return verb;
    }
}
