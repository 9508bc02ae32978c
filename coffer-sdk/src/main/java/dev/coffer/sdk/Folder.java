package dev.coffer.sdk;

/** A folder; {@code path} is its full path when the server says it, else null. */
public record Folder(String id, String name, String parentId, String path) {}
