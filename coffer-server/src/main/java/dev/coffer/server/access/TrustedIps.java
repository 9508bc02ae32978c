package dev.coffer.server.access;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.server.errors.ApiException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A list of CIDR blocks a token or client secret may be used from. Stored as a JSON array of strings;
 * sent to clients as Infisical does, {@code [{ipAddress, type, prefix}]}.
 */
public final class TrustedIps {

    public static final List<String> ANYWHERE = List.of("0.0.0.0/0", "::/0");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
    private static final Pattern DOTTED_QUAD = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}");
    /** Blocks parsed once: every authenticated request checks its token's (most often {@link #ANYWHERE}). */
    private static final Map<String, Block> PARSED = new ConcurrentHashMap<>();

    private static final int MAX_PARSED = 4096;

    private TrustedIps() {}

    /** Parses the {@code [{ipAddress}]} request shape; validates every entry. */
    public static List<String> fromRequest(JsonNode node, String field) {
        if (node == null) return ANYWHERE;
        if (!node.isArray() || node.isEmpty()) {
            throw new ApiException.Validation(
                    field, "'" + field + "' must be a non-empty array of {\"ipAddress\": \"CIDR\"}.");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : node) {
            JsonNode ip = e.isObject() ? e.get("ipAddress") : e;
            if (ip == null || !ip.isTextual()) {
                throw new ApiException.Validation(field, "Each entry of '" + field + "' needs an 'ipAddress' string.");
            }
            String cidr = ip.textValue().trim();
            parse(cidr, field);
            out.add(cidr);
        }
        return out;
    }

    public static String toJson(List<String> cidrs) {
        try {
            return JSON.writeValueAsString(cidrs);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("trusted IP list could not be written");
        }
    }

    public static List<String> fromJson(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() {});
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored trusted IP list is not valid JSON");
        }
    }

    /** The response shape: {@code [{ipAddress, type, prefix}]}. */
    public static List<Object> describe(List<String> cidrs) {
        List<Object> out = new ArrayList<>();
        for (String c : cidrs) {
            int slash = c.indexOf('/');
            String addr = slash < 0 ? c : c.substring(0, slash);
            String type = addr.contains(":") ? "ipv6" : "ipv4";
            if (slash < 0) out.add(new IpEntry(addr, type, null));
            else out.add(new IpEntry(addr, type, Integer.parseInt(c.substring(slash + 1))));
        }
        return out;
    }

    record IpEntry(String ipAddress, String type, Integer prefix) {}

    /**
     * Requires {@code ip} to be inside one of the blocks.
     *
     * @throws ApiException.Forbidden naming the address and {@code what} may not be used from it
     */
    public static void require(List<String> cidrs, String ip, String what) {
        if (!allows(cidrs, ip)) throw denied(ip, what);
    }

    /** The 403 for {@code what} used from an address outside its trusted IPs. */
    public static ApiException denied(String ip, String what) {
        return new ApiException.Forbidden(
                what + " may not be used from " + ip + "; its trusted IPs do not include " + "this address.");
    }

    /** Whether {@code ip} is inside any of the blocks. An unparsable client address is never trusted. */
    public static boolean allows(List<String> cidrs, String ip) {
        byte[] addr;
        try {
            addr = literal(ip);
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (String c : cidrs) {
            if (parsed(c).contains(addr)) return true;
        }
        return false;
    }

    private static Block parsed(String cidr) {
        Block b = PARSED.get(cidr);
        if (b != null) return b;
        b = parse(cidr, "trusted IPs");
        if (PARSED.size() < MAX_PARSED) PARSED.put(cidr, b);
        return b;
    }

    private record Block(byte[] network, int prefix) {
        boolean contains(byte[] addr) {
            byte[] a = addr;
            if (a.length == 16 && network.length == 4 && isMappedV4(a)) a = java.util.Arrays.copyOfRange(a, 12, 16);
            if (a.length != network.length) return false;
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) if (a[i] != network[i]) return false;
            int rest = prefix % 8;
            if (rest == 0) return true;
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[whole] & mask) == (network[whole] & mask);
        }
    }

    private static boolean isMappedV4(byte[] a) {
        for (int i = 0; i < 10; i++) if (a[i] != 0) return false;
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static Block parse(String cidr, String field) {
        int slash = cidr.indexOf('/');
        String addr = slash < 0 ? cidr : cidr.substring(0, slash);
        try {
            byte[] bytes = literal(addr);
            int max = bytes.length * 8;
            int prefix = slash < 0 ? max : Integer.parseInt(cidr.substring(slash + 1));
            if (prefix < 0 || prefix > max) throw new IllegalArgumentException();
            return new Block(bytes, prefix);
        } catch (IllegalArgumentException e) {
            throw new ApiException.BadRequest("'" + cidr + "' in " + field + " is not a valid IPv4, IPv6 or CIDR block "
                    + "(for example 10.0.0.0/8 or ::/0).");
        }
    }

    /** Parses an IP literal without any DNS lookup. */
    private static byte[] literal(String s) {
        boolean v6 = s.indexOf(':') >= 0;
        if (s.isEmpty() || !(v6 || DIGITS_AND_DOTS.matcher(s).matches())) throw new IllegalArgumentException();
        if (!v6 && !DOTTED_QUAD.matcher(s).matches()) throw new IllegalArgumentException();
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException();
        }
    }
}
