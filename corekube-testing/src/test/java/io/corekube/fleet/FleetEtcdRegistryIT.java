package io.corekube.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.cluster.Machine;
import io.corekube.cluster.MachineEvent;
import io.corekube.etcd.EtcdConfig;
import io.corekube.spi.Subscription;
import io.corekube.testing.etcd.EtcdServer;
import io.corekube.testing.fleet.FleetSimulator;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/** The registry reading fleet's machine keys from a real etcd, as the original Overlord did. */
class FleetEtcdRegistryIT {

    @Test
    void machinesAndMetadataOverridesComeFromFleetsEtcdKeys() throws Exception {
        try (EtcdServer etcd = EtcdServer.builder().build().start();
             FleetSimulator sim = FleetSimulator.builder().machines(2, Map.of("kubernetes_role", "minion"))
                     .agentTtl(Duration.ofSeconds(3)).publishMachinesTo(EtcdConfig.of(etcd.clientUrl())).build();
             FleetClient fleet = FleetClient.builder().endpoint(sim.endpoint()).build();
             FleetMachineRegistry registry = FleetMachineRegistry.fromEtcd(URI.create(etcd.clientUrl()), Optional.empty(),
                     Duration.ofMillis(100))) {
            assertEquals(fleet.machines(), registry.machines());
            BlockingQueue<MachineEvent> events = new LinkedBlockingQueue<>();
            try (Subscription ignored = registry.watch(events::add)) {
                FleetMachineRegistryTest.next(events);
                FleetMachineRegistryTest.next(events);
                String first = fleet.machines().get(0).id();
                fleet.patchMachines(List.of(MetadataOperation.set(first, "kubernetes_role", "master")));
                MachineEvent changed = FleetMachineRegistryTest.next(events);
                assertEquals(Optional.of("master"), changed.machine().role());
                String master = "d".repeat(32);
                sim.addMachine(Machine.builder().id(master).primaryIp("10.0.0.7").build());
                assertEquals(master, FleetMachineRegistryTest.next(events).machine().id());
                sim.killMachine(master);
                MachineEvent left = FleetMachineRegistryTest.next(events);
                assertEquals(MachineEvent.Type.LEFT, left.type(), "a dead agent's key expires after its TTL");
                assertEquals(master, left.machine().id());
            }
        }
        assertTrue(true);
    }
}
