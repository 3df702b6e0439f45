package io.corekube.templates.flannel;

import io.corekube.value.Cidr;
import io.corekube.value.InvalidValueException;
import io.corekube.value.IpAddress;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * flannel's addresses and networks: read by the SDK's one validator ({@link IpAddress}, {@link Cidr}: Go's rules,
 * ASCII only), refused in flannel's words, and held as numbers for flannel's subnet arithmetic.
 */
final class Addresses {

    private Addresses() {
    }

    /** An IPv4 field ({@code SubnetMin}, {@code SubnetMax}) as an unsigned 32-bit value. */
    static long ipv4(String field, String text) {
        IpAddress ip = address(text);
        if (!ip.isIpv4()) {
            throw FlannelConfigException.sdk(field + " must be an IPv4 address: flanneld v0.17 panics on an IPv6 one");
        }
        return number(ip).longValue();
    }

    /** An IPv6 field ({@code IPv6SubnetMin}, {@code IPv6SubnetMax}) as an unsigned 128-bit value. */
    static BigInteger ipv6(String field, String text) {
        IpAddress ip = address(text);
        if (!ip.isIpv6()) {
            throw FlannelConfigException.sdk(field + " must be an IPv6 address");
        }
        return number(ip);
    }

    /** A network in flannel's words when Go refuses it, or as an SDK rule where only the SDK refuses it. */
    static Cidr cidr(String text) {
        try {
            return Cidr.parse("network", text);
        } catch (InvalidValueException e) {
            if (goReadsLeadingZeros(text)) {
                throw FlannelConfigException.sdk("leading zeros in a prefix length or a hex group of more than four digits"
                        + " (flanneld v0.17 reads them, the SDK does not): " + text);
            }
            throw FlannelConfigException.flannel("invalid CIDR address: " + text);
        }
    }

    private static IpAddress address(String text) {
        try {
            return IpAddress.parse("address", text);
        } catch (InvalidValueException e) {
            if (goReadsLeadingZeros(text)) {
                throw FlannelConfigException.sdk("a hex group of more than four digits (flanneld v0.17 reads it, the SDK"
                        + " does not): " + text);
            }
            throw FlannelConfigException.flannel("Invalid IP address format");
        }
    }

    /** True when Go 1.19 reads {@code text} only because it allows leading zeros where net/netip does not. */
    private static boolean goReadsLeadingZeros(String text) {
        if (text.length() > 200) {
            return false;
        }
        String stripped = text.replaceAll("(?<=/)0+(?=[0-9])", "")
                .replaceAll("(?<=^|:)0+(?=[0-9A-Fa-f]{1,4}(?![0-9A-Fa-f.]))", "");
        if (stripped.equals(text)) {
            return false;
        }
        try {
            if (stripped.contains("/")) {
                Cidr.parse("network", stripped);
            } else {
                IpAddress.parse("address", stripped);
            }
            return true;
        } catch (InvalidValueException e) {
            return false;
        }
    }

    /** The address as an unsigned number. */
    static BigInteger number(IpAddress ip) {
        return new BigInteger(1, ip.toBytes());
    }

    /** The dotted form of an unsigned 32-bit value. */
    static String ipv4Text(long value) {
        return IpAddress.of(bytes(BigInteger.valueOf(value), 4)).toString();
    }

    /** Go's form of an unsigned 128-bit value (flannel prints IPv6 values with net.IP's String). */
    static String ipv6Text(BigInteger value) {
        return IpAddress.of(bytes(value, 16)).toString();
    }

    private static byte[] bytes(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[length];
        int n = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - n, out, length - n, n);
        return out;
    }

    /** True for an address in ::ffff:0:0/96, which Go prints as IPv4. */
    static boolean ipv4Mapped(BigInteger value) {
        byte[] b = bytes(value, 16);
        return Arrays.equals(Arrays.copyOf(b, 12), new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1});
    }
}
