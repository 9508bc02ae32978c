package dev.coffer.sdk;

import java.util.List;

/**
 * A change to secrets a {@link CofferClient#onChange listener} watches: the kind of change
 * ({@code secret:create}, {@code secret:update}, {@code secret:delete}, or {@code secret:import-mutation}
 * when a folder the watched folder imports changed) and what it touched. Names and versions only: an
 * event never carries a value; read the secrets again to see them.
 *
 * @param type  the server's event type
 * @param items the secrets (or, for an import mutation, the importing folders) it touched
 */
public record ChangeEvent(String type, List<Item> items) {

    public ChangeEvent {
        items = List.copyOf(items);
    }

    /**
     * One secret a change touched. For an import mutation only environment and path are set.
     *
     * @param environment environment slug
     * @param secretPath  folder path
     * @param secretKey   the secret's name (null for an import mutation)
     * @param secretId    the secret's id (null when unknown)
     * @param version     the secret's version after the change (0 when unknown)
     */
    public record Item(String environment, String secretPath, String secretKey, String secretId, long version) {}
}
