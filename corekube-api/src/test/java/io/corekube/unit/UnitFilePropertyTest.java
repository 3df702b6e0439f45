package io.corekube.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random units and random text: round trips hold, and the parser never fails but with UnitParseException. */
class UnitFilePropertyTest {

    private static final String SAFE = "abcXYZ019 _-./:@%$\"'\\=[]#;";
    private static final String NASTY = "[]=#;\\\n\r \t\u00a0\u0085abc=x";

    @Test
    void serializedUnitsParseBackToTheSameOptionsAndHash() {
        Random random = new Random(20261126);
        int checked = 0;
        for (int n = 0; n < 3000; n++) {
            List<UnitOption> options = new ArrayList<>();
            int count = random.nextInt(8);
            for (int i = 0; i < count; i++) {
                options.add(UnitOption.of(pick(random, "Unit", "Service", "X-Fleet", "Install", "Socket"),
                        pick(random, "ExecStart", "Description", "MachineID", "After", "Environment"), value(random)));
            }
            UnitFile unit;
            try {
                unit = UnitFile.of(options);
            } catch (InvalidUnitException unsafe) {
                continue;
            }
            UnitFile back = UnitFile.parse(unit.serialize());
            assertEquals(regroup(unit).options(), back.options(), unit.serialize());
            assertEquals(unit.hash(), UnitFile.of(back.options()).hash());
            checked++;
        }
        assertEquals(true, checked > 1500, "only " + checked + " safe units generated");
    }

    @Test
    void randomAndMutatedTextEitherParsesStablyOrFailsWithAParseError() {
        Random random = new Random(7);
        String valid = "[Unit]\nDescription=d\n\n[Service]\nExecStart=/bin/sh -c \\\n  'x'\n# c\n[X-Fleet]\nMachineID=1\n";
        for (int n = 0; n < 20000; n++) {
            String text = n % 2 == 0 ? randomText(random, NASTY, random.nextInt(80)) : mutate(random, valid);
            UnitFile parsed;
            try {
                parsed = UnitFile.parse(text);
            } catch (UnitParseException expected) {
                continue;
            } catch (RuntimeException other) {
                fail("parse threw " + other + " for " + text.replace("\n", "\\n"));
                return;
            }
            String once = parsed.serialize();
            String twice = UnitFile.parse(once).serialize();
            if (!once.equals(twice)) {
                // go-systemd's one quirk: a value ending in a backslash at the end of the file gains a newline.
                assertEquals(true, parsed.options().get(parsed.options().size() - 1).value().endsWith("\\"),
                        "unstable for " + text.replace("\n", "\\n"));
            }
            assertEquals(twice, UnitFile.parse(twice).serialize(), "no fixed point for " + text.replace("\n", "\\n"));
        }
    }

    /** Serialization groups sections; parsing gives the grouped order. */
    private static UnitFile regroup(UnitFile unit) {
        List<UnitOption> grouped = new ArrayList<>();
        unit.options().stream().map(UnitOption::section).distinct()
                .forEach(s -> unit.options().stream().filter(o -> o.section().equals(s)).forEach(grouped::add));
        return UnitFile.of(grouped);
    }

    private static String value(Random random) {
        String first = randomText(random, SAFE, random.nextInt(30)).strip();
        if (random.nextInt(4) == 0) {
            return first + " \\\n  " + randomText(random, SAFE, 1 + random.nextInt(10)).strip() + "x";
        }
        return first;
    }

    private static String mutate(Random random, String text) {
        StringBuilder b = new StringBuilder(text);
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
            int at = random.nextInt(b.length() + 1);
            switch (random.nextInt(3)) {
                case 0 -> b.insert(at, NASTY.charAt(random.nextInt(NASTY.length())));
                case 1 -> { if (at < b.length()) { b.deleteCharAt(at); } }
                default -> { if (at < b.length()) { b.setCharAt(at, NASTY.charAt(random.nextInt(NASTY.length()))); } }
            }
        }
        return b.toString();
    }

    private static String randomText(Random random, String alphabet, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static String pick(Random random, String... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
