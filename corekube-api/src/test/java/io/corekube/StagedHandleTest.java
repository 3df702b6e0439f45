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

    private static StagedHandle staged(CompletableFuture<DeploymentHandle> started) {
        return new StagedHandle(started, () -> new ClusterStatus(List.of()), new AtomicBoolean());
    }

    @Test
    void theLastRolloutRequestBeforeTheStartIsTheOneApplied() {
        CompletableFuture<DeploymentHandle> started = new CompletableFuture<>();
        StagedHandle handle = staged(started);
        handle.pauseRollout();
        handle.resumeRollout();
        RecordingEngine engine = new RecordingEngine();
        started.complete(engine);
        assertEquals(List.of("resume"), engine.commands, "paused, then resumed: it runs");
        handle.pauseRollout();
        assertEquals(List.of("resume", "pause"), engine.commands, "after the start, requests go straight to the engine");
    }

    @Test
    void anAbortBeforeTheStartIsNotUndoneByALaterResume() {
        CompletableFuture<DeploymentHandle> started = new CompletableFuture<>();
        StagedHandle handle = staged(started);
        handle.abortRollout();
        handle.resumeRollout();
        RecordingEngine engine = new RecordingEngine();
        started.complete(engine);
        assertEquals(List.of("abort"), engine.commands);
    }

    @Test
    void aHandleClosedBeforeTheStartClosesTheEngineAndAppliesNothing() {
        CompletableFuture<DeploymentHandle> started = new CompletableFuture<>();
        StagedHandle handle = staged(started);
        handle.pauseRollout();
        handle.close();
        RecordingEngine engine = new RecordingEngine();
        started.complete(engine);
        assertEquals(List.of("close"), engine.commands);
    }
}
