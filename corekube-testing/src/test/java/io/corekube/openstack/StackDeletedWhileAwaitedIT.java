package io.corekube.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.openstack.heat.HeatClient;
import io.corekube.openstack.heat.HeatStackDeletedException;
import io.corekube.openstack.heat.StackRef;
import io.corekube.openstack.heat.StackRequest;
import io.corekube.testing.heat.HeatServer;
import io.corekube.testing.heat.HeatServerExtension;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A stack deleted while the SDK awaits its creation ends the wait at once with a {@link HeatStackDeletedException}.
 * Here, on Heat's legacy engine, the delete comes from the same client: that engine does not even begin a delete
 * while the create waits for its wait condition, so only the client can know. In {@code RealOpenStackIT}, on the
 * convergence engine, another client deletes it.
 */
@ExtendWith(HeatServerExtension.class)
class StackDeletedWhileAwaitedIT {

    static final String WAITING = String.join("\n", "heat_template_version: 2018-08-31", "resources:",
            "  handle: {type: OS::Heat::WaitConditionHandle}", "  wait:", "    type: OS::Heat::WaitCondition",
            "    properties: {handle: {get_resource: handle}, timeout: 600}", "");

    @Test
    void aStackDeletedWhileAwaitedEndsTheWaitWithATypedException(HeatServer heat) throws Exception {
        try (HeatClient client = HeatClient.builder().endpoint(heat.apiUrl()).pollInterval(Duration.ofMillis(200), Duration.ofSeconds(2)).build()) {
            assertDeletedPromptly(client, client);
        }
    }

    @Test
    void aStackDeletedWhileAwaitedWithoutEventsEndsTheWaitWithATypedException(HeatServer heat) throws Exception {
        try (HeatClient client = HeatClient.builder().endpoint(heat.apiUrl()).pollInterval(Duration.ofMillis(200), Duration.ofSeconds(2)).build()) {
            assertDeletedPromptly(client, client, false);
        }
    }

    /**
     * Creates a stack that waits for a signal, has {@code deleter} delete it two seconds into the wait, and expects the
     * typed end within 20 s; returns the stack (the legacy engine deletes it only once its wait condition times out).
     */
    static StackRef assertDeletedPromptly(HeatClient client, HeatClient deleter) throws Exception {
        return assertDeletedPromptly(client, deleter, true);
    }

    /** As above; the wait streams events to a consumer, or is the quiet wait for a created stack. */
    static StackRef assertDeletedPromptly(HeatClient client, HeatClient deleter, boolean withEvents) throws Exception {
        StackRef ref = client.create(StackRequest.builder().name("deleted-while-awaited-" + (withEvents ? "events" : "quiet") + "-" + System.nanoTime() % 100000).template(WAITING).build());
        CompletableFuture<Object> waiting = CompletableFuture.supplyAsync(() -> withEvents
                ? client.awaitCompletion(ref, Duration.ofMinutes(5), e -> { }) : client.awaitCompletion(ref, Duration.ofMinutes(5)));
        Thread.sleep(2000);
        long deleted = System.nanoTime();
        deleter.delete(ref);
        try {
            waiting.get(20, TimeUnit.SECONDS);
            throw new AssertionError("the wait ended normally although the stack was deleted");
        } catch (ExecutionException e) {
            assertEquals(HeatStackDeletedException.class, e.getCause().getClass(), String.valueOf(e.getCause()));
            assertTrue(e.getCause().getMessage().contains("deleted while waiting for CREATE"), e.getCause().getMessage());
        }
        System.out.printf("stack deleted while awaited: noticed %.2f s after the delete%n", (System.nanoTime() - deleted) / 1e9);
        return ref;
    }
}
