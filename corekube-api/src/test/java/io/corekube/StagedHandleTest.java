package io.corekube;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.corekube.deploy.ClusterStatus;
import io.corekube.deploy.DeploymentHandle;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StagedHandleTest {

    /** An engine's handle that records the rollout commands it gets. */
    static final class RecordingEngine implements DeploymentHandle {
        final List<String> commands = new CopyOnWriteArrayList<>();

        @Override
        public ClusterStatus status() {
            return new ClusterStatus(List.of());
        }

        @Override
        public CompletableFuture<ClusterStatus> completion() {
            return new CompletableFuture<>();
        }

        @Override
        public void pauseRollout() {
            commands.add("pause");
        }

        @Override
        public void resumeRollout() {
            commands.add("resume");
        }

        @Override
        public void abortRollout() {
            commands.add("abort");
        }

        @Override
        public boolean isLeading() {
            return true;
        }

        @Override
        public void close() {
            commands.add("close");
        }
    }

    private final CompletableFuture<DeploymentHandle> started = new CompletableFuture<>();
    private final StagedHandle handle = new StagedHandle(started, () -> new ClusterStatus(List.of()), new AtomicBoolean());

    /** Starts the engine behind the handle; returns the commands it gets, then and later. */
    private List<String> start() {
        RecordingEngine engine = new RecordingEngine();
        started.complete(engine);
        return engine.commands;
    }

    @Test
    void theLastRolloutRequestBeforeTheStartIsTheOneApplied() {
        handle.pauseRollout();
        handle.resumeRollout();
        List<String> commands = start();
        assertEquals(List.of("resume"), commands, "paused, then resumed: it runs");
        handle.pauseRollout();
        assertEquals(List.of("resume", "pause"), commands, "after the start, requests go straight to the engine");
    }

    @Test
    void anAbortBeforeTheStartIsNotUndoneByALaterResume() {
        handle.abortRollout();
        handle.resumeRollout();
        assertEquals(List.of("abort"), start());
    }

    @Test
    void aHandleClosedBeforeTheStartClosesTheEngineAndAppliesNothing() {
        handle.pauseRollout();
        handle.close();
        assertEquals(List.of("close"), start());
    }
}
