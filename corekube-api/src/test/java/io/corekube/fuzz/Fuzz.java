package io.corekube.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A seeded generator for property tests of the parsers that read outside input: every run feeds the same inputs
 * (the seed is fixed), a failure names the seed, the index and the input, and only the parser's own typed
 * exception may escape.
 */
public final class Fuzz {

    /** Inputs per parser, as the hardening issue asks. */
    public static final int RUNS = 10_000;

    /** Characters that break formats: structure of units, YAML, JSON, shells, URLs and CIDRs. */
    private static final String HOSTILE_CHARS =
            "\u0000\u0001\u001f\u007f\t\n\r \"'\\`$%&|;<>(){}[]=#:,!*?~@^+/.-_0123456789aAzZ\u0085\u00a0\u2028\u2029\u00e9\u0663\uff11\ufeff";

    private final Random random;

    private Fuzz(long seed) {
        this.random = new Random(seed);
    }

    /** A generator whose inputs depend only on {@code seed}. */
    public static Fuzz seeded(long seed) {
        return new Fuzz(seed);
    }

    /** The random source, for generators of structured inputs. */
    public Random random() {
        return random;
    }

    /**
     * Feeds {@code runs} inputs made by {@code generator} to {@code check}; an error that {@code check} lets out
     * fails the test with the input that caused it.
     */
    public <T> void forAll(int runs, Function<Fuzz, T> generator, Consumer<T> check) {
        for (int i = 0; i < runs; i++) {
            T input = generator.apply(this);
            try {
                check.accept(input);
            } catch (RuntimeException | Error e) {
                throw new AssertionError("input #" + i + " " + show(input) + " escaped with " + e, e);
            }
        }
    }

    /**
     * Runs {@code parse} on {@code input}: it may return or throw {@code typed}; anything else (a
     * NullPointerException, a NumberFormatException, a library's exception) fails.
     */
    public static <T> void onlyTyped(Class<? extends RuntimeException> typed, Runnable parse) {
        try {
            parse.run();
        } catch (RuntimeException e) {
            if (!typed.isInstance(e)) {
                throw new AssertionError("expected nothing or " + typed.getSimpleName() + ", got " + e, e);
            }
        }
    }

    /** A string of up to {@code maxLength} characters drawn mostly from format-breaking characters. */
    public String hostileString(int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(10);
            if (pick < 7) {
                out.append(HOSTILE_CHARS.charAt(random.nextInt(HOSTILE_CHARS.length())));
            } else if (pick < 9) {
                out.append((char) (' ' + random.nextInt(95)));
            } else {
                out.appendCodePoint(random.nextInt(0x10000));
            }
        }
        return out.toString();
    }

    /** One of {@code seeds}, mutated by 1 to 4 insertions, deletions, replacements or duplications. */
    public String mutate(List<String> seeds) {
        StringBuilder s = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = s.length() == 0 ? 0 : random.nextInt(s.length() + 1);
            switch (random.nextInt(5)) {
                case 0 -> s.insert(at, hostileString(3));
                case 1 -> s.delete(at, Math.min(s.length(), at + 1 + random.nextInt(4)));
                case 2 -> {
                    if (at < s.length()) {
                        s.setCharAt(at, HOSTILE_CHARS.charAt(random.nextInt(HOSTILE_CHARS.length())));
                    }
                }
                case 3 -> s.insert(at, s.substring(at, Math.min(s.length(), at + random.nextInt(20))));
                default -> s.setLength(at);
            }
        }
        return s.toString();
    }

    /** Half mutations of {@code seeds}, half hostile strings: the usual mix for a parser's input. */
    public String mixed(List<String> seeds, int maxLength) {
        return random.nextBoolean() ? mutate(seeds) : hostileString(maxLength);
    }

    /** One of {@code choices}. */
    @SafeVarargs
    public final <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** A list of {@code count} values from {@code one}. */
    public <T> List<T> listOf(int count, Function<Fuzz, T> one) {
        List<T> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(one.apply(this));
        }
        return out;
    }

    private static String show(Object input) {
        String s = String.valueOf(input);
        StringBuilder out = new StringBuilder("'");
        s.codePoints().limit(300).forEach(c -> {
            if (c < 0x20 || c == 0x7F || c >= 0x80 && c < 0xA0 || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append(s.length() > 300 ? "'..." : "'").toString();
    }
}
