package dev.coffer.server.access;

/** What an actor wants to do. */
public enum Action { READ, CREATE, EDIT, DELETE }
