package io.corekube.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.fuzz.Fuzz;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Go's path.Match as fleet uses it: Go's answers on known cases, agreement with a plain backtracking reference, and linear time. */
class GoPathMatchTest {

    @Test
    void goesAnswersOnGosOwnExamples() {
        // cases from Go's path.Match documentation and behaviour (a malformed pattern is false: fleet drops the error)
        for (Object[] c : new Object[][] {{"abc", "abc", true}, {"*", "abc", true}, {"*c", "abc", true}, {"a*", "a", true},
                {"a*", "abc", true}, {"a*", "ab/c", false}, {"a*/b", "abc/b", true}, {"a*/b", "a/c/b", false},
                {"a*b*c*d*e*/f", "axbxcxdxe/f", true}, {"a*b*c*d*e*/f", "axbxcxdxexxx/f", true},
                {"a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false}, {"a*b?c*x", "abxbbxdbxebxczzx", true},
                {"a*b?c*x", "abxbbxdbxebxczzy", false}, {"ab[c]", "abc", true}, {"ab[b-d]", "abc", true},
                {"ab[e-g]", "abc", false}, {"ab[^c]", "abc", false}, {"ab[^b-d]", "abc", false}, {"ab[^e-g]", "abc", true},
                {"a\\*b", "a*b", true}, {"a\\*b", "ab", false}, {"a?b", "a☺b", true}, {"a[^a]b", "a☺b", true},
                {"a???b", "a☺b", false}, {"[a-ζ]*", "α", true}, {"*[a-ζ]", "A", false}, {"a?b", "a/b", false},
                {"a*b", "a/b", false}, {"[\\]a]", "]", true}, {"[\\-]", "-", true}, {"[x\\-]", "x", true},
                {"[x\\-]", "-", true}, {"[x\\-]", "z", false}, {"[\\-x]", "x", true}, {"[]a]", "]", false},
                {"[-]", "-", false}, {"[x-]", "x", false}, {"[-x]", "x", false}, {"\\", "a", false}, {"[a-b-c]", "a", false},
                {"[", "a", false}, {"[^", "a", false}, {"[^bc", "a", false}, {"a[", "a", false}, {"a[", "ab", false},
                {"a[", "x", false}, {"a/b[", "x", false}, {"*x", "xxx", true}, {"", "", true}, {"", "a", false},
                {"web*", "web.service", true}, {"*??", "\u263a", true}, {"??", "\u263a", false}, {"w*", "web.service", true}, {"*.service", "a/b.service", false}}) {
            assertEquals(c[2], GoPathMatch.matches((String) c[0], (String) c[1]), c[0] + " ~ " + c[1]);
        }
    }

    @Test
    void patternsBuiltToBacktrackEndAtOnce() {
        String pattern = "*a".repeat(14) + "*b";
        String name = "a".repeat(5000);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertFalse(GoPathMatch.matches(pattern, name));
            assertFalse(GoPathMatch.matches("*a".repeat(2000) + "*b", "a".repeat(20_000)));
            UnitFile unit = UnitFile.builder().service("ExecStart", "/a").fleet("MachineOf", "a".repeat(1500))
                    .fleet("Conflicts", pattern).build();
            assertTrue(unit.fleetRequirements().problem().isEmpty());
        });
    }

    @Test
    void agreesWithABacktrackingReferenceOnTenThousandRandomPatterns() {
        Fuzz.seeded(9).forAll(Fuzz.RUNS, f -> new String[] {random(f, "ab/*?", 7), random(f, "ab/", 9)},
                pair -> assertEquals(reference(pair[0], 0, pair[1], 0), GoPathMatch.matches(pair[0], pair[1]),
                        pair[0] + " ~ " + pair[1]));
    }

    @Test
    void malformedAndHostilePatternsNeverThrow() {
        Fuzz.seeded(10).forAll(Fuzz.RUNS, f -> new String[] {f.mixed(List.of("[a-z]*", "a\\*b", "[^x]?"), 12), f.hostileString(12)},
                pair -> GoPathMatch.matches(pair[0], pair[1]));
    }

    private static String random(Fuzz f, String alphabet, int max) {
        StringBuilder s = new StringBuilder();
        int n = f.random().nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            s.append(alphabet.charAt(f.random().nextInt(alphabet.length())));
        }
        return s.toString();
    }

    /** Plain backtracking glob for * and ? (neither crossing '/'): the meaning Go's greedy matcher must keep. */
    private static boolean reference(String p, int pi, String s, int si) {
        if (pi == p.length()) {
            return si == s.length();
        }
        char c = p.charAt(pi);
        if (c == '*') {
            for (int k = si; k <= s.length(); k++) {
                if (reference(p, pi + 1, s, k)) {
                    return true;
                }
                if (k < s.length() && s.charAt(k) == '/') {
                    return false;
                }
            }
            return false;
        }
        if (si == s.length()) {
            return false;
        }
        if (c == '?') {
            return s.charAt(si) != '/' && reference(p, pi + 1, s, si + 1);
        }
        return c == s.charAt(si) && reference(p, pi + 1, s, si + 1);
    }
}
