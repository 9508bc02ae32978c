package dev.coffer.server.http;

import java.util.Map;

/** What the pipeline answers: a status, headers, and a JSON body (null for none, as in a 304). */
public record HttpReply(int status, Map<String, String> headers, byte[] body) {}
