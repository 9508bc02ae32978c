package dev.coffer.server.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * PostgreSQL connection settings from {@code COFFER_DATABASE_URL}: either
 * {@code postgres://user:password@host:port/db?params} or a {@code jdbc:postgresql:} URL.
 *
 * <p>Passwords may hold any character. The user info ends at the <em>last</em> {@code @} and the
 * password starts after the first {@code :}, so raw {@code /}, {@code @}, {@code +} and {@code :}
 * work unencoded; {@code %XX} escapes are decoded, and a {@code %} not followed by two hex digits is
 * kept as it is. {@code +} is never turned into a space. An explicit user or password (from
 * {@code COFFER_DATABASE_USER}/{@code COFFER_DATABASE_PASSWORD}) wins over the URL's.
 */
public record PostgresUrl(String jdbcUrl, String user, String password) {

    /** Parses a URL; throws IllegalArgumentException with a message saying what shape is expected. */
    public static PostgresUrl parse(String url, String explicitUser, String explicitPassword) {
        if (url.startsWith("jdbc:postgresql:")) {
            return new PostgresUrl(url, explicitUser, explicitPassword);
        }
        String rest;
        String lower = url.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("postgres://")) rest = url.substring("postgres://".length());
        else if (lower.startsWith("postgresql://")) rest = url.substring("postgresql://".length());
        else
            throw new IllegalArgumentException("COFFER_DATABASE_URL must start with postgres://, postgresql:// or "
                    + "jdbc:postgresql: (for example postgres://coffer:password@localhost:5432/coffer)");
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        int slash = rest.indexOf('/');
        String hostPort = slash < 0 ? rest : rest.substring(0, slash);
        String dbAndParams = slash < 0 ? "" : rest.substring(slash + 1);
        if (hostPort.isEmpty()) {
            throw new IllegalArgumentException(
                    "COFFER_DATABASE_URL has no host; expected postgres://user:password@host:port/db");
        }
        String db = dbAndParams;
        String params = "";
        int q = dbAndParams.indexOf('?');
        if (q >= 0) {
            db = dbAndParams.substring(0, q);
            params = dbAndParams.substring(q);
        }
        String jdbc = "jdbc:postgresql://" + hostPort + "/" + db + params;
        return new PostgresUrl(
                jdbc,
                explicitUser != null ? explicitUser : user,
                explicitPassword != null ? explicitPassword : password);
    }

    /** The URL without credentials, for logs. */
    public String describe() {
        String u = jdbcUrl.replaceAll("(?i)password=[^&]*", "password=***");
        String target = u.substring("jdbc:postgresql:".length());
        if (target.startsWith("//")) target = target.substring(2);
        return (user == null ? "" : user + "@") + target;
    }

    @Override
    public String toString() {
        return "PostgresUrl[" + describe() + "]";
    }

    private static String decode(String s) {
        if (s.indexOf('%') < 0) return s;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%' && i + 2 < raw.length && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
                out.write(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
                i += 2;
            } else {
                out.write(raw[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') return b - '0';
        if (b >= 'a' && b <= 'f') return b - 'a' + 10;
        if (b >= 'A' && b <= 'F') return b - 'A' + 10;
        return -1;
    }
}
