package org.iiifml.support.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which URLs and addresses the fetcher may contact. URLs are checked before any connection (scheme, no
 * userinfo, a host, no IP literal in a non-canonical encoding); addresses are checked again on what the
 * resolver returned, at connect time and for every redirect, so a DNS answer that changes between check
 * and use (rebinding) gains nothing.
 */
public final class DestinationPolicy {

    /** Dotted quads, but also the forms inet_aton accepts: decimal, octal, hex, fewer parts. */
    private static final Pattern NUMERIC_HOST = Pattern.compile("^(0x[0-9a-f]+|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]*))*\\.?$");
    private static final Pattern CANONICAL_IPV4 = Pattern.compile("^(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$");

    private final boolean allowLoopback;
    private final Set<String> allowedHosts;

    public DestinationPolicy(boolean allowLoopback, java.util.Collection<String> allowedHosts) {
        this.allowLoopback = allowLoopback;
        this.allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    public static DestinationPolicy of(OutboundProperties properties) {
        return new DestinationPolicy(properties.allowLoopback(), properties.allowedHosts());
    }

    /** Checks a URL before anything is sent; returns it parsed. */
    public URI checkUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw new RefusedException("not a valid URL: " + abbreviate(url));
        }
        return checkUri(uri);
    }

    public URI checkUri(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RefusedException("only http and https URLs are fetched, not '" + abbreviate(scheme) + ":'");
        }
        if (uri.getRawUserInfo() != null) {
            throw new RefusedException("URLs with user information (user:password@) are not fetched");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new RefusedException("the URL has no host");
        }
        String lower = host.toLowerCase(Locale.ROOT);
        if (NUMERIC_HOST.matcher(lower).matches() && !CANONICAL_IPV4.matcher(lower).matches()) {
            throw new RefusedException("IP addresses are only accepted in their usual dotted form: " + abbreviate(host));
        }
        if (lower.equals("localhost") || lower.endsWith(".localhost")) {
            if (!allowLoopback) {
                throw new RefusedException("the host " + host + " is this machine");
            }
        }
        // A literal address can be judged now; a name is judged on what it resolves to, at connect time.
        if (CANONICAL_IPV4.matcher(lower).matches() || lower.startsWith("[")) {
            try {
                check(host, InetAddress.getByName(lower.startsWith("[") ? lower.substring(1, lower.length() - 1) : lower));
            } catch (UnknownHostException e) {
                throw new RefusedException("not a valid address: " + abbreviate(host));
            }
        }
        return uri;
    }

    /** Checks one resolved address of a host; throws {@link RefusedException} when it must not be contacted. */
    public void check(String host, InetAddress address) {
        String reason = refusal(address);
        if (reason == null) {
            return;
        }
        boolean alwaysRefused = reason.startsWith("link-local") || reason.startsWith("unspecified") || reason.startsWith("multicast");
        if (!alwaysRefused) {
            if (allowLoopback && reason.startsWith("loopback")) {
                return;
            }
            if (host != null && allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
                return;
            }
        }
        throw new RefusedException("the host " + abbreviate(host) + " resolves to a " + reason + " address, which is not fetched");
    }

    /** Why an address is not public, or null when it is. Embedded IPv4 (mapped, NAT64, 6to4, compatible) is judged as IPv4. */
    static String refusal(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            Inet4Address embedded = embeddedIpv4(b);
            if (embedded != null) {
                return refusal(embedded);
            }
            if (v6.isLoopbackAddress()) {
                return "loopback";
            }
            if (v6.isAnyLocalAddress()) {
                return "unspecified";
            }
            if (v6.isLinkLocalAddress() || ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80)) {
                return "link-local";
            }
            if (v6.isMulticastAddress()) {
                return "multicast";
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return "unique local (private)";
            }
            if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
                return "site-local (private)";
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0 && b[3] == 0) {
                return "Teredo tunnel (private)";
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return "documentation (private)";
            }
            return null;
        }
        byte[] b = address.getAddress();
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        if (a0 == 127) {
            return "loopback";
        }
        if (a0 == 169 && a1 == 254) {
            return "link-local (cloud metadata)";
        }
        if (a0 == 0) {
            return "unspecified";
        }
        if (a0 >= 224 && a0 <= 239) {
            return "multicast";
        }
        if (a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)) {
            return "private";
        }
        if (a0 == 100 && a1 >= 64 && a1 <= 127) {
            return "carrier-grade NAT (private)";
        }
        if (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2)) {
            return "reserved (private)";
        }
        if (a0 == 198 && (a1 == 18 || a1 == 19)) {
            return "benchmarking (private)";
        }
        if ((a0 == 198 && a1 == 51 && a2 == 100) || (a0 == 203 && a1 == 0 && a2 == 113)) {
            return "documentation (private)";
        }
        if (a0 >= 240) {
            return "reserved (private)";
        }
        return null;
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
    private static Inet4Address embeddedIpv4(byte[] b) {
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= b[i] == 0;
        }
        try {
            if (zeroPrefix && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0 && !allZero(b, 12, 16)
                    && !(b[15] == 1 && allZero(b, 12, 15))))) {
                return (Inet4Address) InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
            }
            if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && allZero(b, 4, 12)) {
                return (Inet4Address) InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
                return (Inet4Address) InetAddress.getByAddress(new byte[] {b[2], b[3], b[4], b[5]});
            }
        } catch (UnknownHostException e) {
            return null;
        }
        return null;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }
}
