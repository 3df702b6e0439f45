package io.corekube.unit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A systemd unit file as fleet sees it: an ordered list of options, several values for one key allowed.
 * {@link #serialize()} writes it as go-systemd's {@code unit.Serialize} does and {@link #hash()} is fleet's unit
 * hash (SHA-1 of that text), so two units are "the same" for fleet exactly when their hashes are equal.
 * {@link #parse} reads text as fleet does. Every option is checked when the file is built, so that writing
 * it and reading it back gives the same options: no value can add a line, a section or a directive, no name or
 * value holds a control character, and the file is refused exactly when fleet's own check (go-systemd's
 * deserializer, long lines included) would refuse it.
 *
 * <p>go-systemd's limits, exactly: before each step of its lexer, when 2,048 bytes or more are buffered, the next
 * 2,048 must hold a {@code \r} or {@code \n}. So a section header may have 2,048 bytes with its brackets and an
 * option line 2,047 bytes, and a longer line passes when it starts where less than 2,048 bytes of the reader's 4,096-byte
 * buffer are left (fleet accepts such a 3,002-byte line, and so does {@link #of}). Tab may appear inside a value.
 *
 * <p>One quirk of go-systemd is kept on purpose: a parsed value that ends in a backslash on the file's last
 * line gains a newline when written and read again (then stays so). {@link #of} refuses such values.
 */
public final class UnitFile {

    private final List<UnitOption> options;
    /** {@link #hash()}, computed once on first use (the options never change). */
    private volatile String hash;
    /** Whether {@link #checkSendable()} passed (always so for a file built by {@link #of}). */
    private volatile boolean sendable;

    private UnitFile(List<UnitOption> options) {
        this.options = List.copyOf(options);
    }

    /** A unit file of these options, in this order; {@link InvalidUnitException} names an unsafe option. */
    public static UnitFile of(List<UnitOption> options) {
        if (options == null || options.stream().anyMatch(Objects::isNull)) {
            throw new InvalidUnitException("unit file: the options and each option are required (null given)");
        }
        UnitFile unit = new UnitFile(options);
        unit.checkSendable();
        return unit;
    }

    /**
     * Refuses, with the {@link InvalidUnitException} {@link #of} would throw, a file that cannot be sent as it is: one
     * read by {@link #parse} or {@link #ofStored} may hold what fleet keeps but the SDK never writes (a control
     * character, a value fleet would trim, a line fleet refuses). Clients call it before they send a unit.
     */
    public void checkSendable() {
        if (!sendable) {
            options.forEach(UnitFile::checkRepresentable);
            checkFleetReadsItBack(this);
            sendable = true;
        }
    }

    /**
     * {@code text} with every {@code %} written {@code %%}, so that systemd reads it back literally rather than
     * expanding specifiers such as {@code %n} or {@code %i}: for a value that must reach the program unchanged, e.g. a
     * percent-encoded URL ({@code https://h/a%2Fb} becomes {@code https://h/a%%2Fb}). fleet does not expand
     * specifiers; systemd does, in most settings ({@code ExecStart}, {@code Environment}, ...).
     */
    public static String escapeSpecifiers(String text) {
        if (text == null) {
            throw new InvalidUnitException("unit value: text to escape is required (null given)");
        }
        return text.replace("%", "%%");
    }

    /**
     * fleet's own check of a unit it is sent (go-systemd's deserializer on the serialized options), so that the SDK
     * refuses exactly the units fleet refuses for their layout, among them long lines as go-systemd judges them.
     */
    private static void checkFleetReadsItBack(UnitFile unit) {
        String text = unit.serialize();
        Map<String, List<UnitOption>> bySection = new LinkedHashMap<>();
        unit.options.forEach(o -> bySection.computeIfAbsent(o.section(), s -> new ArrayList<>()).add(o));
        List<UnitOption> back;
        try {
            back = UnitFileParser.parse(text);
        } catch (UnitParseException e) {
            throw new InvalidUnitException(lineOwner(bySection, e.line()) + ": fleet would refuse the unit: " + e.getMessage());
        }
        List<UnitOption> written = bySection.values().stream().flatMap(List::stream).toList();
        if (!back.equals(written)) {
            throw new InvalidUnitException("unit file: fleet would read it back differently from the options given");
        }
    }

    /**
     * The options exactly as a server stored them, without the safety checks of {@link #of}: for hashing and
     * comparing what fleet holds, never for sending.
     */
    public static UnitFile ofStored(List<UnitOption> options) {
        return new UnitFile(options);
    }

    /** Reads a unit file as fleet does; {@link UnitParseException} carries the line of the problem. */
    public static UnitFile parse(String text) {
        List<UnitOption> parsed = UnitFileParser.parse(text);
        return new UnitFile(parsed);
    }

    /** A builder that adds options in order. */
    public static Builder builder() {
        return new Builder();
    }

    /** The options, in file order. */
    public List<UnitOption> options() {
        return options;
    }

    /** Every value of {@code name} in {@code section}, in order. */
    public List<String> values(String section, String name) {
        return options.stream().filter(o -> o.section().equals(section) && o.name().equals(name))
                .map(UnitOption::value).toList();
    }

    /** The fleet placement requirements of the {@code [X-Fleet]} section. */
    public FleetRequirements fleetRequirements() {
        return FleetRequirements.of(this);
    }

    /** The text go-systemd writes: options grouped by section in order of first appearance. */
    public String serialize() {
        Map<String, List<UnitOption>> bySection = new LinkedHashMap<>();
        for (UnitOption o : options) {
            bySection.computeIfAbsent(o.section(), s -> new ArrayList<>()).add(o);
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (Map.Entry<String, List<UnitOption>> section : bySection.entrySet()) {
            out.append('[').append(section.getKey()).append("]\n");
            for (UnitOption o : section.getValue()) {
                out.append(o.name()).append('=').append(o.value()).append('\n');
            }
            if (++i < bySection.size()) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** fleet's unit hash: the SHA-1 of {@link #serialize()}, 40 lowercase hex characters. */
    public String hash() {
        String known = hash;
        if (known != null) {
            return known;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(serialize().getBytes(StandardCharsets.UTF_8));
            hash = HexFormat.of().formatHex(digest);
            return hash;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }

    /** A copy with one more option at the end. */
    public UnitFile with(String section, String name, String value) {
        List<UnitOption> more = new ArrayList<>(options);
        more.add(UnitOption.of(section, name, value));
        return of(more);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UnitFile u && u.options.equals(options);
    }

    @Override
    public int hashCode() {
        return options.hashCode();
    }

    @Override
    public String toString() {
        return serialize();
    }

    /** What line {@code line} of the serialized unit holds: a section header or an option. */
    private static String lineOwner(Map<String, List<UnitOption>> bySection, int line) {
        int at = 1;
        for (Map.Entry<String, List<UnitOption>> section : bySection.entrySet()) {
            if (line == at++) {
                return "section [" + bare(section.getKey()) + "] header";
            }
            for (UnitOption o : section.getValue()) {
                int lines = (int) o.value().chars().filter(c -> c == '\n').count() + 1;
                if (line < at + lines) {
                    return where(o);
                }
                at += lines;
            }
            at++;
        }
        return "unit file";
    }

    private static String where(UnitOption o) {
        return "option [" + bare(o.section()) + "] " + printable(o.name());
    }

    private static String bare(String s) {
        String quoted = printable(s);
        return quoted.substring(1, quoted.lastIndexOf('\''));
    }

    private static void checkRepresentable(UnitOption o) {
        String where = where(o);
        if (o.section().isEmpty() || o.section().chars().anyMatch(c -> c == ']') || hasControl(o.section(), false)) {
            throw new InvalidUnitException(where + ": section name must be non-empty without ']', line breaks or other"
                    + " control characters");
        }
        String name = o.name();
        if (name.isEmpty() || !GoText.trimSpace(name).equals(name) || name.indexOf('=') >= 0 || hasControl(name, false)
                || name.charAt(0) == '[' || name.charAt(0) == '#' || name.charAt(0) == ';') {
            throw new InvalidUnitException(where + ": option name must be non-empty, untrimmed, without '=', line "
                    + "breaks or other control characters, and not start with '[', '#' or ';'");
        }
        String value = o.value();
        if (hasControl(value, true)) {
            throw new InvalidUnitException(where + ": value contains a control character (only tab, and a line break"
                    + " after a backslash, may appear): " + printable(value));
        }
        if (!GoText.trimSpace(value).equals(value)) {
            throw new InvalidUnitException(where + ": value has leading or trailing white space, which fleet would drop");
        }
        String[] lines = value.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            boolean last = i == lines.length - 1;
            if (!last && !lines[i].endsWith("\\")) {
                throw new InvalidUnitException(where + ": value contains a line break not preceded by a backslash "
                        + "(it would start a new directive): " + printable(value));
            }
            if (last && lines[i].endsWith("\\")) {
                throw new InvalidUnitException(where + ": value ends in a backslash, which would continue it onto "
                        + "the next line of the file");
            }
            if (i > 0 && GoText.isBlank(lines[i])) {
                throw new InvalidUnitException(where + ": a continued value line is blank");
            }
        }
    }

    /**
     * C0 and C1 controls (NUL, carriage return, U+0085 ...), DEL, the line and paragraph separators, the byte-order
     * mark and lone surrogates: nothing a unit needs, and each read differently by some reader on the way. A
     * value may hold tab, and {@code \n} where it continues a line.
     */
    private static boolean hasControl(String s, boolean isValue) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isValue && (c == '\t' || c == '\n')) {
                continue;
            }
            boolean lone = Character.isHighSurrogate(c) ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
                    : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
            if (c < 0x20 || c >= 0x7F && c <= 0x9F || c == 0x2028 || c == 0x2029 || c == 0xFEFF || lone) {
                return true;
            }
        }
        return false;
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder("'");
        s.codePoints().limit(120).forEach(c -> out.append(c < 0x20 || c >= 0x7F && c <= 0x9F || c == 0x2028 || c == 0x2029
                ? String.format("\\u%04x", c) : Character.toString(c)));
        return out.append(s.length() > 120 ? "'..." : "'").toString();
    }

    /** Adds options in order; {@link #build()} checks them. */
    public static final class Builder {
        private final List<UnitOption> options = new ArrayList<>();

        private Builder() {
        }

        /** Adds one option. */
        public Builder add(String section, String name, String value) {
            options.add(UnitOption.of(section, name, value));
            return this;
        }

        /** Adds an option to {@code [Unit]}. */
        public Builder unit(String name, String value) {
            return add("Unit", name, value);
        }

        /** Adds an option to {@code [Service]}. */
        public Builder service(String name, String value) {
            return add("Service", name, value);
        }

        /** Adds an option to {@code [X-Fleet]}. */
        public Builder fleet(String name, String value) {
            return add("X-Fleet", name, value);
        }

        /** The unit file; {@link InvalidUnitException} names an option that cannot be written safely. */
        public UnitFile build() {
            return UnitFile.of(options);
        }
    }
}
