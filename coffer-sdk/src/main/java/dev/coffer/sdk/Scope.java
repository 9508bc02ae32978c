package dev.coffer.sdk;

import java.util.Objects;

/**
 * Where secrets are read or written: project, environment and folder path, plus how to read them.
 * Immutable; the {@code with…} methods return changed copies.
 *
 * @param projectId      project id (or slug)
 * @param environment    environment slug, e.g. {@code dev}
 * @param path           folder path, {@code /} for the root
 * @param recursive      include secrets of sub-folders
 * @param expand         expand {@code ${…}} references
 * @param includeImports include secrets imported into the folder
 */
public record Scope(
        String projectId, String environment, String path, boolean recursive, boolean expand, boolean includeImports) {

    public Scope {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(environment, "environment");
        path = path == null || path.isEmpty() ? "/" : path;
    }

    /** The root folder of an environment, references expanded, imports included. */
    public static Scope of(String projectId, String environment) {
        return new Scope(projectId, environment, "/", false, true, true);
    }

    public Scope withPath(String p) {
        return new Scope(projectId, environment, p, recursive, expand, includeImports);
    }

    public Scope withEnvironment(String e) {
        return new Scope(projectId, e, path, recursive, expand, includeImports);
    }

    public Scope withRecursive(boolean r) {
        return new Scope(projectId, environment, path, r, expand, includeImports);
    }

    public Scope withExpand(boolean x) {
        return new Scope(projectId, environment, path, recursive, x, includeImports);
    }

    public Scope withIncludeImports(boolean i) {
        return new Scope(projectId, environment, path, recursive, expand, i);
    }
}
