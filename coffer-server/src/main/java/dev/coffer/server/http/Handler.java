package dev.coffer.server.http;

/** A route's code: parse the request, call a service, return the body (or a {@link Reply}). */
@FunctionalInterface
public interface Handler {
    Object handle(Request request) throws Exception;
}
