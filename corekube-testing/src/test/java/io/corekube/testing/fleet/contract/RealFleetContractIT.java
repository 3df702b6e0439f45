package io.corekube.testing.fleet.contract;

/** The fleet contract against a real fleet v1.0.0 cluster (fleetd built from ../shared/peers/fleet). */
class RealFleetContractIT extends FleetContract {

    @Override
    FleetTarget target() {
        return new RealFleetTarget();
    }
}
