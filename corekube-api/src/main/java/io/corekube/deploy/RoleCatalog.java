package io.corekube.deploy;

import io.corekube.cluster.Machine;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the engine deploys for a machine's role: ordered stages of units, each unit with the systemd sub-state
 * that means it is done. Stages run in order; the units of one stage are submitted together.
 */
public interface RoleCatalog {

    /** The roles it knows, e.g. {@code master} and {@code minion}. */
    Set<String> roles();

    /**
     * The stages of {@code role} rendered for {@code machine}; {@code master} is the cluster's master when known
     * (minions need its address). Throws {@link IllegalArgumentException} naming what is missing or unsafe.
     */
    List<RoleStage> render(String role, Machine machine, Optional<Machine> master);

    /**
     * The downloads of the cluster (its role units' and its machines' boot data's) fetched without a digest because
     * the user allowed it by name; the deployer reports
     * them as a {@link DeploymentEvent.UnverifiedDownloads} event when a deployment starts. None by default.
     */
    default List<String> unverifiedDownloads() {
        return List.of();
    }

    /** A stage: a name and the units submitted together. */
    record RoleStage(String name, List<RoleUnit> units) {
        /** A stage with an immutable copy of the units. */
        public RoleStage {
            units = List.copyOf(units);
        }
    }

    /**
     * A unit of a stage.
     *
     * @param submission the unit to submit
     * @param doneSubState the sub-state that means done: {@code exited} for oneshots, {@code running} for services
     */
    record RoleUnit(io.corekube.unit.UnitSubmission submission, String doneSubState) {
    }
}
