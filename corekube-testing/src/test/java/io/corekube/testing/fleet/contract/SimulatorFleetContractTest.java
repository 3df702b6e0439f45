package io.corekube.testing.fleet.contract;

/** The fleet contract against the FleetSimulator. */
class SimulatorFleetContractTest extends FleetContract {

    @Override
    FleetTarget target() {
        return new SimulatorTarget();
    }
}
