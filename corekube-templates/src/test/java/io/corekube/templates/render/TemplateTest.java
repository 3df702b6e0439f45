package io.corekube.templates.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TemplateTest {

    private static final Template UNIT = Template.of("t.service",
            "[Service]\nExecStart=/bin/app --host={{host|word}} --url={{url|url}} --label={{label|value}}\n");

    @Test
    void everyPlaceholderIsBoundAndNothingElse() {
        assertEquals("[Service]\nExecStart=/bin/app --host=a --url=http://x/y --label=some label\n",
                UNIT.render(Map.of("host", "a", "url", "http://x/y", "label", "some label")));
        assertEquals("label", assertThrows(RenderException.class, () -> UNIT.render(Map.of("host", "a", "url", "http://x"))).field());
        assertEquals("extra", assertThrows(RenderException.class,
                () -> UNIT.render(Map.of("host", "a", "url", "http://x", "label", "l", "extra", "x"))).field());
        assertThrows(RenderException.class, () -> Template.of("bad", "{{x|nosuch}}"));
        assertThrows(RenderException.class, () -> Template.of("bad", "{{x|word}} {{x|ip}}"));
        assertThrows(RenderException.class, () -> Template.of("bad", "{{ x }}"));
    }

    @ParameterizedTest(name = "{0} refuses {1}")
    @CsvSource(delimiter = '|', value = {
        "value  | a\\nExecStartPre=/bin/evil",
        "value  | a\\u0000b",
        "value  | ' padded'",
        "word   | $(reboot)",
        "word   | `id`",
        "word   | a b",
        "word   | a;b",
        "word   | \"quoted\"",
        "word   | 50%",
        "url    | http://x/$(id)",
        "url    | http://x/'a'",
        "url    | ftp://x",
        "ip     | 10.0.0.256",
        "ip     | 10.0.0.1\\n",
        "cidr   | 10.0.0.0/33",
        "hex    | 12g",
        "int    | 1e3",
        "domain | kube.local --flag",
        "yaml   | 'a: b'",
        "yaml   | '{evil: 1}'",
        "yaml   | '- item'",
        "yaml   | 'a # comment'",
        "yaml   | '&anchor'",
        "yaml   | 'line\\nnext: key'",
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
        "value  | some value with spaces", "word | --flag=a,b:c/d@e", "url | https://dl.k8s.io/v1.31.0/bin/linux/amd64",
        "ip | 10.1.0.10", "cidr | 10.1.0.0/16", "hex | 0123456789abcdef", "int | 42", "domain | kube.local",
        "yaml | plain scalar value"})
    void valuesThatFitAreAccepted(String context, String value) {
        assertEquals(java.util.Optional.empty(), ValueContext.ofTag(context).orElseThrow().problem(value));
    }
}
