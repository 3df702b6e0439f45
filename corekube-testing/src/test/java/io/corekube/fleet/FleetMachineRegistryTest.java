package io.corekube.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.corekube.cluster.Machine;
import io.corekube.cluster.MachineEvent;
import io.corekube.spi.Subscription;
import io.corekube.testing.fleet.FleetSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FleetMachineRegistryTest {

    static MachineEvent next(BlockingQueue<MachineEvent> events) throws InterruptedException {
        MachineEvent e = events.poll(10, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no machine event within 10 s");
        }
        return e;
    }

    @Test
    void reportsJoinedChangedAndLeftMachinesFromTheApi() throws Exception {
        try (FleetSimulator sim = FleetSimulator.builder().machines(2, Map.of("kubernetes_role", "minion")).build();
             FleetClient fleet = FleetClient.builder().endpoint(sim.endpoint()).build();
             FleetMachineRegistry registry = FleetMachineRegistry.fromApi(fleet, Duration.ofMillis(50))) {
            assertEquals(2, registry.machines().size());
            BlockingQueue<MachineEvent> events = new LinkedBlockingQueue<>();
            try (Subscription ignored = registry.watch(events::add)) {
                assertEquals(MachineEvent.Type.JOINED, next(events).type());
                assertEquals(MachineEvent.Type.JOINED, next(events).type());
                sim.addMachine(Machine.builder().id("c".repeat(32)).primaryIp("10.0.0.9").putMetadata("kubernetes_role", "master").build());
                MachineEvent joined = next(events);
                assertEquals(MachineEvent.Type.JOINED, joined.type());
                assertEquals(java.util.Optional.of("master"), joined.machine().role());
                fleet.patchMachines(List.of(MetadataOperation.set("c".repeat(32), "zone", "a")));
                MachineEvent changed = next(events);
                assertEquals(MachineEvent.Type.CHANGED, changed.type());
                assertEquals("a", changed.machine().metadata().get("zone"));
                sim.stopMachine("c".repeat(32));
                assertEquals(MachineEvent.Type.LEFT, next(events).type());
            }
        }
    }
}
