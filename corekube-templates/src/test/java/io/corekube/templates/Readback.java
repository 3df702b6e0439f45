package io.corekube.templates;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/**
 * A value read back from a rendered artifact: known now, or after a YAML document has been parsed by PyYAML
 * (batched by {@link PyYaml#resolve}, since one Python process serves thousands of documents).
 */
final class Readback {

    private String value;
    private boolean done;
    private String yaml;
    private Function<JsonNode, Readback> then;

    private Readback() {
    }

    static Readback done(String value) {
        Readback r = new Readback();
        r.value = value;
        r.done = true;
        return r;
    }

    static Readback yaml(String text, Function<JsonNode, Readback> then) {
        Readback r = new Readback();
        r.yaml = text;
        r.then = then;
        return r;
    }

    boolean isDone() {
        return done;
    }

    String pendingYaml() {
        return yaml;
    }

    /** Continues with the parsed document: this read back becomes what {@code then} returned. */
    void parsed(JsonNode document) {
        Readback next = then.apply(document);
        value = next.value;
        done = next.done;
        yaml = next.yaml;
        then = next.then;
    }

    String value() {
        if (!done) {
            throw new IllegalStateException("not parsed yet");
        }
        return value;
    }
}
