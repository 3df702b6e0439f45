package io.corekube.templates.render;

import io.corekube.value.InvalidValueException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A systemd unit template with typed placeholders {@code {{name|kind}}} (kinds: {@link ValueContext} tags).
 * {@link #render} binds every placeholder; a missing binding, a binding the template does not use, or a value
 * that its kind's validator refuses is a {@link RenderException} naming the field, and nothing is produced.
 * Values are written with {@code %} doubled, so systemd hands them to the program as given.
 */
public final class Template {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z][A-Za-z0-9_]*)\\|([a-z]+)}}");

    private final String name;
    private final String text;
    private final Map<String, ValueContext> placeholders = new LinkedHashMap<>();

    private Template(String name, String text) {
        this.name = name;
        this.text = text;
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            ValueContext context = ValueContext.ofTag(m.group(2))
                    .orElseThrow(() -> new RenderException(name, m.group(1), "unknown context '" + m.group(2) + "'"));
            ValueContext before = placeholders.putIfAbsent(m.group(1), context);
            if (before != null && before != context) {
                throw new RenderException(name, m.group(1), "used in two contexts: " + before.tag() + " and " + context.tag());
            }
        }
        String stray = PLACEHOLDER.matcher(text).replaceAll("");
        int open = stray.indexOf("{{");
        if (open >= 0) {
            throw new RenderException(name, stray.substring(open, Math.min(stray.length(), open + 30)), "malformed placeholder");
        }
    }

    /** A template from text. */
    public static Template of(String name, String text) {
        return new Template(name, text);
    }

    /** A template from a classpath resource next to {@code anchor}. */
    public static Template resource(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no template resource " + resource + " next to " + anchor.getName());
            }
            return new Template(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The template's name. */
    public String name() {
        return name;
    }

    /** The placeholders and their contexts. */
    public Map<String, ValueContext> placeholders() {
        return Map.copyOf(placeholders);
    }

    /** Renders with the values of {@code available} that this template uses (every placeholder still needs one). */
    public String renderFrom(Map<String, String> available) {
        Map<String, String> used = new LinkedHashMap<>();
        placeholders.keySet().forEach(p -> {
            if (available.containsKey(p)) {
                used.put(p, available.get(p));
            }
        });
        return render(used);
    }

    /** The text with every placeholder bound; see the class comment for the refusals. */
    public String render(Map<String, String> values) {
        Set<String> missing = new TreeSet<>(placeholders.keySet());
        missing.removeAll(values.keySet());
        if (!missing.isEmpty()) {
            throw new RenderException(name, missing.iterator().next(), "no value bound (missing: " + missing + ")");
        }
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(placeholders.keySet());
        if (!unknown.isEmpty()) {
            throw new RenderException(name, unknown.iterator().next(), "the template has no such placeholder");
        }
        Map<String, String> rendered = new LinkedHashMap<>();
        placeholders.forEach((field, context) -> {
            try {
                rendered.put(field, context.render(field, values.get(field)));
            } catch (InvalidValueException refused) {
                throw new RenderException(name, refused);
            }
        });
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(rendered.get(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
