package dev.switchboard.attachment;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Addresses a fetch on a client's behalf must not reach: this machine, private and shared
 * networks, link-local (cloud metadata services live at 169.254.169.254), multicast and the
 * reserved ranges — and IPv6 forms that embed such an IPv4 address.
 */
final class PrivateAddresses {

    private PrivateAddresses() {
    }

    static boolean isPrivate(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] a = address.getAddress();
        if (address instanceof Inet4Address) {
            return isPrivateV4(a);
        }
        if (address instanceof Inet6Address) {
            return isPrivateV6(a);
        }
        return true;
    }

    private static boolean isPrivateV4(byte[] a) {
        int first = a[0] & 0xff;
        int second = a[1] & 0xff;
        return first == 0                                   // "this network": 0.x.x.x reaches this machine
                || first == 10 || first == 127
                || first == 100 && second >= 64 && second < 128   // shared address space (carrier NAT)
                || first == 169 && second == 254
                || first == 172 && second >= 16 && second < 32
                || first == 192 && second == 168
                || first == 192 && second == 0 && (a[2] & 0xff) == 0  // IETF protocol assignments
                || first == 198 && (second == 18 || second == 19)      // benchmarking
                || first >= 224;                                       // multicast, reserved, broadcast
    }

    private static boolean isPrivateV6(byte[] a) {
        if ((a[0] & 0xfe) == 0xfc) {                        // unique local fc00::/7
            return true;
        }
        if ((a[0] & 0xff) == 0xfe && (a[1] & 0xc0) == 0xc0) { // site-local fec0::/10 (deprecated)
            return true;
        }
        if (allZero(a, 0, 10) && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) {
            return isPrivateV4(tail(a));                    // IPv4-mapped ::ffff:a.b.c.d
        }
        if (allZero(a, 0, 12)) {
            return true;                                    // ::, ::1 and IPv4-compatible ::a.b.c.d
        }
        if ((a[0] & 0xff) == 0x00 && (a[1] & 0xff) == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b) {
            return isPrivateV4(tail(a));                    // NAT64 64:ff9b::/96
        }
        if ((a[0] & 0xff) == 0x20 && (a[1] & 0xff) == 0x02) {
            return isPrivateV4(new byte[] {a[2], a[3], a[4], a[5]}); // 6to4 2002:a.b.c.d::/48
        }
        return false;
    }

    private static boolean allZero(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] tail(byte[] a) {
        return new byte[] {a[12], a[13], a[14], a[15]};
    }
}
