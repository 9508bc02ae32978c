package dev.coffer.server.access;

/** What an action is done to, inside a project. */
public enum Subject {
    SECRETS("secrets"), FOLDERS("secret folders"), SECRET_IMPORTS("secret imports"), TAGS("tags"),
    ENVIRONMENTS("environments"), MEMBERS("project members"), PROJECT("the project settings");

    private final String label;

    Subject(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
