package io.corekube.templates.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.unit.UnitFile;
import io.corekube.value.InvalidValueException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateTest {

    private static final Template UNIT = Template.of("t.service",
            "[Service]\nExecStart=/bin/app --host={{host|domain}} --url={{url|url}}\nEnvironment=LABEL={{label|text}}\n");

    @Test
    void everyPlaceholderIsBoundAndNothingElse() {
        assertEquals("[Service]\nExecStart=/bin/app --host=a --url=http://x/y\nEnvironment=LABEL=some label\n",
                UNIT.render(Map.of("host", "a", "url", "http://x/y", "label", "some label")));
        assertEquals("label", assertThrows(RenderException.class, () -> UNIT.render(Map.of("host", "a", "url", "http://x"))).field());
        assertEquals("extra", assertThrows(RenderException.class,
                () -> UNIT.render(Map.of("host", "a", "url", "http://x", "label", "l", "extra", "x"))).field());
        assertThrows(RenderException.class, () -> Template.of("bad", "{{x|nosuch}}"));
        assertThrows(RenderException.class, () -> Template.of("bad", "{{x|text}} {{x|ip}}"));
        assertThrows(RenderException.class, () -> Template.of("bad", "{{ x }}"));
    }

    @Test
    void percentReachesTheProgramAsGivenThroughSystemdSpecifierEscaping() {
        String rendered = UNIT.render(Map.of("host", "a", "url", "http://x/a%20b", "label", "100% %n"));
        assertTrue(rendered.contains("--url=http://x/a%%20b"), rendered);
        assertTrue(rendered.contains("LABEL=100%% %%n"), rendered);
        // the unit parser keeps the escaped form: systemd turns each %% back into %
        assertEquals("LABEL=100%% %%n", UnitFile.parse(rendered).options().get(1).value());
    }

    @Test
    void aRefusedValueIsAnInvalidValueExceptionNamingTemplateAndField() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> UNIT.render(Map.of("host", "a;reboot", "url", "http://x", "label", "l")));
        assertEquals("host", ((RenderException) e).field());
        assertTrue(e.getMessage().startsWith("t.service: host: not a valid DNS name: "), e.getMessage());
        assertTrue(e.getCause() instanceof InvalidValueException);
    }

    @ParameterizedTest(name = "{0} refuses {1}")
    @CsvSource(delimiter = '|', value = {
        "text   | a\\nExecStartPre=/bin/evil",
        "text   | a\\u0000b",
        "text   | ' padded'",
        "url    | http://x/$(id)",
        "url    | http://x/'a'",
        "url    | ftp://x",
        "url    | http://x&/usr/bin/reboot&#",
        "ip     | 10.0.0.256",
        "ip     | 10.0.0.1\\n",
        "cidr   | 10.0.0.0/33",
        "hex    | 12g",
        "int    | 1e3",
        "int    | 9223372036854775808",
        "domain | kube.local --flag",
        "path   | /opt/../etc",
        "path   | /opt/a b",
    })
    void valuesThatWouldBreakTheirContextAreRefused(String context, String raw) {
        String value = raw.replace("\\n", "\n").replace("\\u0000", "\u0000");
        ValueContext c = ValueContext.ofTag(context).orElseThrow();
        assertTrue(c.problem(value).isPresent(), context + " accepted " + raw);
        Template t = Template.of("t", "x={{v|" + context + "}}");
        assertEquals("v", assertThrows(RenderException.class, () -> t.render(Map.of("v", value))).field());
    }

    @ParameterizedTest(name = "{0} accepts {1}")
    @CsvSource(delimiter = '|', value = {
        "text  | some value with spaces", "url | https://dl.k8s.io/v1.31.0/bin/linux/amd64",
        "ip | 10.1.0.10", "cidr | 10.1.0.0/16", "hex | 0123456789abcdef", "int | 42", "domain | kube.local",
        "path | /srv/kubernetes/ca.crt"})
    void valuesThatFitAreAccepted(String context, String value) {
        assertEquals(java.util.Optional.empty(), ValueContext.ofTag(context).orElseThrow().problem(value));
    }
}
