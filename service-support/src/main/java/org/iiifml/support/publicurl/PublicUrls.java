package org.iiifml.support.publicurl;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The public URL of a request: what a client must call to reach the same resource. Ids and links that a
 * service mints (annotation pages, annotations, job locations) start with it, so that they name the
 * gateway (or the configured public base URL), never the service's own address.
 *
 * <p>In order: {@code suite.public-base-url} where set; else the {@code X-Forwarded-Proto/Host/Port/Prefix}
 * that the gateway sends, believed only from {@code suite.trusted-proxies}; else the request's own scheme
 * and Host. A forwarded value that is not a plain scheme, host, port or path is ignored, whole.
 */
public final class PublicUrls {

    private static final Pattern HOST = Pattern.compile("^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+])(?::\\d{1,5})?$");
    private static final Pattern PORT = Pattern.compile("^\\d{1,5}$");
    private static final Pattern PREFIX = Pattern.compile("^(?:/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)*/?$");

    private final String publicBaseUrl;
    private final List<Cidr> trusted;

    public PublicUrls(PublicUrlProperties properties) {
        this.publicBaseUrl = properties.publicBaseUrl() == null ? null : stripSlash(properties.publicBaseUrl().toString());
        this.trusted = properties.trustedProxies().stream().map(Cidr::parse).toList();
    }

    /** {@code scheme://host[:port][prefix]} without a trailing slash. */
    public String base(ServerHttpRequest request) {
        if (publicBaseUrl != null) {
            return publicBaseUrl;
        }
        String forwarded = forwardedBase(request);
        if (forwarded != null) {
            return forwarded;
        }
        URI uri = request.getURI();
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    /** The public URL of the request's path (no query): {@link #base} and the path as received. */
    public String self(ServerHttpRequest request) {
        return base(request) + request.getPath().value();
    }

    /**
     * The address of the client that made the request: the socket's peer, unless that is a trusted proxy;
     * then the right-most address of {@code X-Forwarded-For} that is not a trusted proxy (the ones to its
     * left were written by the client, and could be anything). {@code unknown} where nothing is known.
     */
    public String clientAddress(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null || remote.getAddress() == null) {
            return "unknown";
        }
        InetAddress client = remote.getAddress();
        List<String> forwarded = request.getHeaders().getValuesAsList("X-Forwarded-For");
        for (int i = forwarded.size() - 1; i >= 0 && isTrusted(client); i--) {
            String hop = forwarded.get(i).trim();
            if (!hop.matches("[0-9A-Fa-f:.]+") || !hop.contains(".") && !hop.contains(":")) {
                break; // not an address literal (never resolve a name a client wrote): stop at the proxy
            }
            try {
                client = InetAddress.getByName(hop);
            } catch (UnknownHostException e) {
                break;
            }
        }
        return client.getHostAddress();
    }

    private String forwardedBase(ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        String host = first(headers, "X-Forwarded-Host");
        if (host == null || !fromTrustedProxy(request.getRemoteAddress())) {
            return null;
        }
        String proto = first(headers, "X-Forwarded-Proto");
        proto = proto == null ? request.getURI().getScheme() : proto.toLowerCase(Locale.ROOT);
        String port = first(headers, "X-Forwarded-Port");
        String prefix = first(headers, "X-Forwarded-Prefix");
        if (!("http".equals(proto) || "https".equals(proto)) || !HOST.matcher(host).matches()
                || (port != null && !PORT.matcher(port).matches()) || (prefix != null && !PREFIX.matcher(prefix).matches())) {
            return null;
        }
        boolean hostHasPort = host.matches(".*:\\d+$");
        boolean defaultPort = port == null || ("http".equals(proto) && port.equals("80")) || ("https".equals(proto) && port.equals("443"));
        String authority = host + (hostHasPort || defaultPort ? "" : ":" + port);
        return proto + "://" + authority + (prefix == null ? "" : stripSlash(prefix));
    }

    /** The first value of a header that a chain of proxies may have appended to ("a, b"). */
    private static String first(HttpHeaders headers, String name) {
        String value = headers.getFirst(name);
        if (value == null) {
            return null;
        }
        String first = value.split(",", 2)[0].trim();
        return first.isEmpty() ? null : first;
    }

    private boolean fromTrustedProxy(InetSocketAddress remote) {
        return remote != null && remote.getAddress() != null && isTrusted(remote.getAddress());
    }

    private boolean isTrusted(InetAddress address) {
        return trusted.stream().anyMatch(c -> c.contains(address));
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** An address block; an IPv4 address also matches as its IPv4-mapped IPv6 form. */
    record Cidr(byte[] network, int bits) {

        static Cidr parse(String text) {
            String[] parts = text.trim().split("/", 2);
            try {
                byte[] address = InetAddress.getByName(parts[0]).getAddress();
                int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : address.length * 8;
                if (bits < 0 || bits > address.length * 8 || !parts[0].matches("[0-9A-Fa-f:.]+")) {
                    throw new IllegalArgumentException();
                }
                return new Cidr(address, bits);
            } catch (UnknownHostException | IllegalArgumentException e) {
                throw new IllegalArgumentException("suite.trusted-proxies: not an address block (CIDR): " + text);
            }
        }

        boolean contains(InetAddress candidate) {
            byte[] address = candidate.getAddress();
            if (address.length == 16 && network.length == 4 && isMappedV4(address)) {
                address = java.util.Arrays.copyOfRange(address, 12, 16);
            }
            if (address.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }

        private static boolean isMappedV4(byte[] a) {
            for (int i = 0; i < 10; i++) {
                if (a[i] != 0) {
                    return false;
                }
            }
            return (a[10] & 0xFF) == 0xFF && (a[11] & 0xFF) == 0xFF;
        }
    }
}
