package dev.parley.server.common;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The address of the client behind a request: the connection's peer, unless that peer is one of the configured
 * trusted proxies, in which case the nearest address in {@code X-Forwarded-For} (or {@code Forwarded: for=}) that is
 * not a trusted proxy. Headers from anyone else are ignored, so a client cannot pick its own address to dodge a limit.
 */
public final class ClientAddress {

    /** Only literals are parsed: a name in a header must never cause a DNS lookup. */
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private record Network(byte[] address, int prefixBits) {
        boolean contains(byte[] other) {
            if (other.length != address.length) {
                return false;
            }
            int bits = prefixBits;
            for (int i = 0; i < address.length && bits > 0; i++, bits -= 8) {
                int mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
                if ((address[i] & mask) != (other[i] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Network> trusted;

    /** {@code trustedProxies}: addresses or CIDR blocks ({@code 10.0.0.0/8}, {@code ::1}) of the reverse proxies. */
    public ClientAddress(List<String> trustedProxies) {
        List<Network> networks = new ArrayList<>();
        for (String entry : trustedProxies) {
            String value = entry.strip();
            if (value.isEmpty()) {
                continue;
            }
            int slash = value.indexOf('/');
            byte[] address = parse(slash < 0 ? value : value.substring(0, slash))
                    .orElseThrow(() -> new IllegalArgumentException("not an address or CIDR block: " + entry));
            int bits = slash < 0 ? address.length * 8 : Integer.parseInt(value.substring(slash + 1));
            networks.add(new Network(address, bits));
        }
        this.trusted = List.copyOf(networks);
    }

    /** The client's address as text (an IP literal). */
    public String of(ServerRequest request) {
        return of(request.remotePeer().host(), request.headers());
    }

    /** The client's address, given the connection's peer and the request's headers (a WebSocket's handshake). */
    public String of(String peer, Headers headers) {
        if (!isTrusted(peer)) {
            return peer;
        }
        List<String> chain = new ArrayList<>();
        for (String header : headers.values(HeaderNames.X_FORWARDED_FOR)) {
            chain.addAll(Arrays.stream(header.split(",")).map(String::strip).toList());
        }
        if (chain.isEmpty()) {
            for (String header : headers.values(HeaderNames.FORWARDED)) {
                for (String element : header.split("[,;]")) {
                    String pair = element.strip();
                    if (pair.regionMatches(true, 0, "for=", 0, 4)) {
                        chain.add(pair.substring(4).replace("\"", "").replaceAll("^\\[|\\](:\\d+)?$", ""));
                    }
                }
            }
        }
        // The nearest hop that is not one of our proxies is the client as far as we can know.
        for (int i = chain.size() - 1; i >= 0; i--) {
            String hop = chain.get(i);
            if (parse(hop).isEmpty()) {
                return peer; // garbage in the chain: trust nothing beyond our own proxy
            }
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return peer;
    }

    /**
     * The network an address stands for in limits: the address itself for IPv4, its /64 for IPv6 (one subscriber's
     * prefix, where every device picks its own address).
     */
    public static String network(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return String.valueOf(address);
        }
        return parse(address)
                .filter(bytes -> bytes.length == 16)
                .map(bytes -> HexFormat.of().formatHex(Arrays.copyOf(bytes, 8)) + "::/64")
                .orElse(address);
    }

    private boolean isTrusted(String address) {
        if (trusted.isEmpty()) {
            return false;
        }
        Optional<byte[]> bytes = parse(address);
        return bytes.isPresent() && trusted.stream().anyMatch(network -> network.contains(bytes.get()));
    }

    private static Optional<byte[]> parse(String literal) {
        if (literal == null || !LITERAL.matcher(literal).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(literal).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
