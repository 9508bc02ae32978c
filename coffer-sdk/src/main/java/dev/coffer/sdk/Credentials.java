package dev.coffer.sdk;

import java.util.Objects;

/** How the client authenticates: universal auth (renewed and re-logged-in as needed) or a fixed token. */
public sealed interface Credentials {

    /** Client id and secret of a machine identity; {@code toString} hides the secret. */
    record UniversalAuth(String clientId, String clientSecret) implements Credentials {
        public UniversalAuth {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
        }

        @Override
        public String toString() {
            return "UniversalAuth[clientId=" + clientId + "]";
        }
    }

    /** An access token obtained elsewhere; used as is and never renewed. */
    record Token(String accessToken) implements Credentials {
        public Token {
            Objects.requireNonNull(accessToken, "accessToken");
        }

        @Override
        public String toString() {
            return "Token[redacted]";
        }
    }
}
