package io.corekube.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark sorts the requests it counted by what they asked Heat for. */
class HeatWaitRunTest {

    @Test
    void requestsAreCountedByMethodAndWhatThePathNames() {
        String project = "/v1/5f1c";
        List<CountingProxy.Forwarded> sent = List.of(
                new CountingProxy.Forwarded(1, "POST", project + "/stacks"),
                new CountingProxy.Forwarded(2, "GET", project + "/stacks/web/events"),
                new CountingProxy.Forwarded(3, "GET", project + "/stacks/web/9a7e/events"),
                new CountingProxy.Forwarded(4, "GET", project + "/stacks/web/events"),
                new CountingProxy.Forwarded(5, "GET", project + "/stacks/web/9a7e/events"),
                new CountingProxy.Forwarded(6, "GET", project + "/stacks/web"),
                new CountingProxy.Forwarded(7, "GET", project + "/stacks/web/9a7e"),
                new CountingProxy.Forwarded(8, "GET", project + "/stacks/web/9a7e/resources"));

        assertEquals(Map.of("POST stacks", 1, "GET lookup events", 2, "GET stack events", 2, "GET lookup", 1, "GET stack", 1,
                "GET stack resources", 1), HeatWaitRun.kinds(sent));
        assertEquals(List.of("POST stacks", "GET lookup events", "GET stack events", "GET lookup", "GET stack", "GET stack resources"),
                List.copyOf(HeatWaitRun.kinds(sent).keySet()));
    }
}
