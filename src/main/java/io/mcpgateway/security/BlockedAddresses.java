package io.mcpgateway.security;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Addresses a user-supplied URL must never reach: the gateway's own host and networks, and cloud metadata services.
 * Covers IPv4 and IPv6, including IPv6 forms that embed an IPv4 address.
 */
public final class BlockedAddresses {

    private static final byte[] NAT64_WELL_KNOWN = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
    private static final byte[] NAT64_LOCAL_USE = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 1};
    private static final byte[] IPV4_TRANSLATED = {0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0};
    private static final byte[] TEREDO = {0x20, 0x01, 0, 0};

    private BlockedAddresses() {
    }

    public static boolean isBlocked(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isBlockedIpv4(b, 0);
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return true; // fc00::/7 unique local, includes fd00:ec2::254 (AWS metadata over IPv6)
            }
            if (isPrefix(b, NAT64_WELL_KNOWN) || isPrefix(b, new byte[12]) || isPrefix(b, IPV4_TRANSLATED)) {
                // NAT64 64:ff9b::/96, IPv4-compatible ::a.b.c.d and IPv4-translated ::ffff:0:a.b.c.d (SIIT)
                return isBlockedIpv4(b, 12);
            }
            if (isPrefix(b, NAT64_LOCAL_USE)) {
                // RFC 8215 lets a local translator put the IPv4 at any RFC 6052 prefix length (/48 to /96), so no
                // one byte position is the address it will reach; and the prefix never leaves its operator's network,
                // so no public API is reached through it. All of it is internal.
                return true;
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
                return isBlockedIpv4(b, 2); // 6to4 2002::/16 carries an IPv4 address in bytes 2..5
            }
            if (isPrefix(b, TEREDO)) {
                // Teredo 2001::/32: the relay server's IPv4 in bytes 4..7, the client's (its NAT's) XOR 0xff in 12..15;
                // the packet travels to both, so either being internal blocks the address
                byte[] client = new byte[4];
                for (int i = 0; i < 4; i++) {
                    client[i] = (byte) ~b[12 + i];
                }
                return isBlockedIpv4(b, 4) || isBlockedIpv4(client, 0);
            }
        }
        return false;
    }

    private static boolean isBlockedIpv4(byte[] b, int offset) {
        int a = b[offset] & 0xff;
        int second = b[offset + 1] & 0xff;
        return a == 0                                   // 0.0.0.0/8 "this network"
                || a == 10                              // private
                || a == 127                             // loopback
                || (a == 100 && (second & 0xc0) == 64)  // 100.64.0.0/10 shared (carrier NAT; Alibaba metadata)
                || (a == 169 && second == 254)          // link-local, cloud metadata 169.254.169.254
                || (a == 172 && (second & 0xf0) == 16)  // private
                || (a == 192 && second == 168)          // private
                || (a == 192 && second == 0 && (b[offset + 2] & 0xff) == 0) // IETF protocol assignments
                || (a == 198 && (second & 0xfe) == 18)  // benchmarking
                || a >= 224;                            // multicast, reserved, broadcast
    }

    private static boolean isPrefix(byte[] address, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (address[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
