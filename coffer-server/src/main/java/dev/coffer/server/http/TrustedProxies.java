package dev.coffer.server.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxies (addresses and CIDR ranges, {@code COFFER_TRUSTED_PROXIES}) whose {@code X-Forwarded-For}
 * Coffer believes. A request's client address is its socket peer, unless that peer is a trusted proxy:
 * then it is the right-most forwarded address that is not itself a trusted proxy (everything left of it
 * was written by the client and proves nothing). Addresses are parsed as literals only, never looked up.
 */
public final class TrustedProxies {

    public static final TrustedProxies NONE = new TrustedProxies(List.of(), "");

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) return false;
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) return false;
            }
            int rest = prefix % 8;
            if (rest == 0) return true;
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;
    private final String spec;

    private TrustedProxies(List<Range> ranges, String spec) {
        this.ranges = ranges;
        this.spec = spec;
    }

    /**
     * Parses a comma-separated list such as {@code 10.0.0.0/8, 192.168.1.7, fd00::/8}.
     *
     * @throws IllegalArgumentException naming the entry that is not an address or range
     */
    public static TrustedProxies parse(String list) {
        if (list == null || list.isBlank()) return NONE;
        List<Range> ranges = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        for (String raw : list.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) continue;
            int slash = entry.indexOf('/');
            byte[] address = literal(slash < 0 ? entry : entry.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("COFFER_TRUSTED_PROXIES: '" + entry
                        + "' is not an IP address or CIDR range (such as 10.0.0.0/8 or 192.168.1.7).");
            }
            int bits = address.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("COFFER_TRUSTED_PROXIES: the prefix of '" + entry
                            + "' must be a number from 0 to " + bits + ".");
                }
            }
            ranges.add(new Range(address, prefix));
            shown.add(entry);
        }
        return ranges.isEmpty() ? NONE : new TrustedProxies(List.copyOf(ranges), String.join(",", shown));
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /**
     * The client's address: {@code peer}, or, when {@code peer} is a trusted proxy, the right-most
     * address of the {@code X-Forwarded-For} values (in the order received) that is not a trusted proxy.
     * A malformed entry ends the walk at the last trusted hop, which is then the client.
     */
    public String clientAddress(String peer, List<String> forwardedFor) {
        if (ranges.isEmpty() || forwardedFor.isEmpty() || !trusted(literal(peer))) return peer;
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) hops.add(hop.trim());
        }
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            byte[] address = literal(hops.get(i));
            if (address == null) return client;
            client = text(address);
            if (!trusted(address)) return client;
        }
        return client;
    }

    /** Whether {@code peer} (an address literal) is one of the trusted proxies. */
    public boolean trusts(String peer) {
        return trusted(literal(peer));
    }

    private boolean trusted(byte[] address) {
        if (address == null) return false;
        for (Range r : ranges) {
            if (r.contains(address)) return true;
        }
        return false;
    }

    /** The bytes of an IPv4 or IPv6 literal (IPv4-mapped IPv6 as IPv4), or null; no name is looked up. */
    static byte[] literal(String text) {
        if (text == null) return null;
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
        if (s.isEmpty() || s.length() > 45) return null;
        if (s.indexOf(':') < 0) return ipv4(s);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok =
                    (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
            if (!ok) return null;
        }
        try {
            // a string with ':' and only these characters is parsed as an IPv6 literal, never looked up
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return null;
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) return null;
            int v = 0;
            for (int j = 0; j < p.length(); j++) {
                char c = p.charAt(j);
                if (c < '0' || c > '9') return null;
                v = v * 10 + (c - '0');
            }
            if (v > 255) return null;
            out[i] = (byte) v;
        }
        return out;
    }

    /** Canonical text of an address (4 or 16 bytes, so nothing is looked up). */
    private static String text(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + address.length + " bytes", e);
        }
    }

    @Override
    public String toString() {
        return ranges.isEmpty() ? "(none)" : spec;
    }
}
