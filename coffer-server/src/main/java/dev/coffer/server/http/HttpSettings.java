package dev.coffer.server.http;

import java.time.Duration;

/**
 * How the web server protects itself from clients: how long a client may take to send its first request
 * line after connecting, its headers after a request line, or the next part of a body
 * ({@code readTimeout}; then the connection is ended, or a stalled body gets 408), how long an idle
 * keep-alive connection is kept between requests ({@code idleTimeout}), how many connections are served at once
 * ({@code maxConnections}; more wait to be accepted), and which proxies' {@code X-Forwarded-For} is
 * believed ({@code trustedProxies}).
 */
public record HttpSettings(
        Duration readTimeout, Duration idleTimeout, int maxConnections, TrustedProxies trustedProxies) {

    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CONNECTIONS = 1000;
    public static final HttpSettings DEFAULTS =
            new HttpSettings(DEFAULT_READ_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS, TrustedProxies.NONE);

    public HttpSettings {
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("COFFER_HTTP_READ_TIMEOUT must be at least one second.");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("COFFER_HTTP_IDLE_TIMEOUT must be at least one second.");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException(
                    "COFFER_MAX_CONNECTIONS must be at least 1, got " + maxConnections + ".");
        }
    }

    public HttpSettings withTrustedProxies(TrustedProxies proxies) {
        return new HttpSettings(readTimeout, idleTimeout, maxConnections, proxies);
    }

    @Override
    public String toString() {
        return "readTimeout=" + readTimeout.toMillis() + "ms, idleTimeout=" + idleTimeout.toMillis()
                + "ms, maxConnections=" + maxConnections + ", trustedProxies=" + trustedProxies;
    }
}
