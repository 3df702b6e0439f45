package io.corekube.deploy;

/**
 * Receives the engine's {@link DeploymentEvent}s, one at a time, in order, on the engine's event thread.
 * A listener that throws is logged and keeps receiving later events.
 */
@FunctionalInterface
public interface DeploymentListener {

    /** Called for every event. */
    void onEvent(DeploymentEvent event);
}
