package io.corekube.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.CorekubeDeployer;
import io.corekube.RetryPolicy;
import io.corekube.cluster.Machine;
import io.corekube.deploy.DeploymentEvent.MachineDeployed;
import io.corekube.deploy.DeploymentEvent.UnitSubmitted;
import io.corekube.templates.kubernetes.KubernetesRoles;
import io.corekube.testing.fleet.FleetSimulator;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The engine's behaviour on the fleet simulator: failures, faults, bounds, scaling, waiting, leadership. */
class EngineBehaviourTest {

    private static final Map<String, String> MASTER = Map.of("kubernetes_role", "master");
    private static final Map<String, String> MINION = Map.of("kubernetes_role", "minion");

    static ImmutableEngineSettings.Builder quick() {
        return EngineSettings.builder().minObserveInterval(Duration.ofMillis(50)).maxObserveInterval(Duration.ofMillis(200))
                .failureSettle(Duration.ofMillis(300))
                .retry(RetryPolicy.builder().maxAttempts(3).baseDelay(Duration.ofMillis(50)).maxDelay(Duration.ofMillis(200)).build());
    }

    static Machine machine(int i, Map<String, String> metadata) {
        return Machine.builder().id(String.format("%032x", i)).primaryIp("10.0.0." + i).metadata(metadata).build();
    }

    @Test
    void aUnitThatAlwaysFailsFailsItsMachineWithTheReasonWhileTheOthersDeploy() {
        try (FleetSimulator sim = FleetSimulator.builder().machines(1, MASTER).machines(3, MINION)
                .failUnits("minion-proxy@*03.service").stateLinger(Duration.ofMillis(100)).build();
             DeployFixture f = new DeployFixture(sim.endpoint(), new InMemoryDeploymentStore())) {
            DeploymentHandle handle = f.deployer(quick().build()).deploy(ClusterSpec.of("failing", 3));
            DeploymentFailedException e = assertThrows(DeploymentFailedException.class,
                    () -> handle.await(Duration.ofSeconds(30)));
            handle.close();
            String failed = String.format("%032x", 3);
            assertEquals(List.of(failed), e.status().inPhase(DeploymentPhase.FAILED).stream()
                    .map(ClusterStatus.MachineStatus::machineId).toList());
            String reason = e.status().inPhase(DeploymentPhase.FAILED).get(0).failureReason().orElseThrow();
            assertTrue(reason.contains("minion-proxy@" + failed + ".service failed 3 times"), reason);
            assertTrue(e.getMessage().contains(failed), e.getMessage());
            assertEquals(3, e.status().count(DeploymentPhase.DEPLOYED), e.status().toText());
            assertEquals(3, f.events(DeploymentEvent.UnitFailed.class).size());
            assertEquals(List.of(true, true, false), f.events(DeploymentEvent.UnitFailed.class).stream()
                    .map(DeploymentEvent.UnitFailed::willRetry).toList());
            assertEquals(3, sim.contentWrites().get("minion-proxy@" + failed + ".service").size(),
                    "destroyed and submitted again for each retry");
            assertEquals(DeploymentPhase.FAILED, f.store.get(failed).orElseThrow().value().phase());

            CorekubeDeployer unchanged = f.deployer(quick().build());
            try (DeploymentHandle again = unchanged.deploy(ClusterSpec.of("failing", 3))) {
                assertThrows(DeploymentFailedException.class, () -> again.await(Duration.ofSeconds(30)));
            }
            assertEquals(3, f.events(DeploymentEvent.UnitFailed.class).size(), "same content: the failed machine rests");

            CorekubeDeployer fixed = CorekubeDeployer.builder().registry(f.registry).scheduler(f.scheduler).store(f.store)
                    .settings(quick().build()).listener(f.events::add).roles(KubernetesRoles.builder(KubernetesRoles.Profile.CURRENT)
                            .binariesUrl("https://mirror.example.com/k8s").build()).build();
            try (DeploymentHandle again = fixed.deploy(ClusterSpec.of("failing", 3))) {
                assertThrows(DeploymentFailedException.class, () -> again.await(Duration.ofSeconds(30)));
            }
            assertEquals(6, f.events(DeploymentEvent.UnitFailed.class).size(), "new content: the failed machine tried again");
        }
    }

    @Test
    void aUnitStuckShortOfDoneFailsItsMachineAtItsDeadlineWithTheTypedTimeoutWhileTheOthersDeploy() {
        String stuck = "minion-kubelet@" + String.format("%032x", 3) + ".service";
        try (FleetSimulator sim = FleetSimulator.builder().machines(1, MASTER).machines(3, MINION)
                .startDelay("minion-kubelet@*03.service", Duration.ofHours(1)).build();
             DeployFixture f = new DeployFixture(sim.endpoint(), new InMemoryDeploymentStore())) {
            EngineSettings settings = quick().putUnitDeadline(stuck, Duration.ofSeconds(2)).build();
            DeploymentHandle handle = f.deployer(settings).deploy(ClusterSpec.of("stuck", 3));
            DeploymentTimeoutException e = assertThrows(DeploymentTimeoutException.class,
                    () -> handle.await(Duration.ofSeconds(60)));
            handle.close();
            UnitTimeout timeout = e.unit().orElseThrow();
            assertEquals(stuck, timeout.unitName());
            assertEquals(String.format("%032x", 3), timeout.machineId());
            assertTrue(timeout.lastState().startsWith("activating"), timeout.lastState());
            assertTrue(timeout.spent().compareTo(Duration.ofSeconds(2)) >= 0, timeout.spent().toString());
            assertEquals(Duration.ofSeconds(2), timeout.deadline());
            assertTrue(e.getMessage().contains(stuck) && e.getMessage().contains("activating"), e.getMessage());
            assertEquals(3, e.status().count(DeploymentPhase.DEPLOYED), "the others deploy: " + e.status().toText());
            assertEquals(timeout.describe(), f.store.get(timeout.machineId()).orElseThrow().value().failureReason().orElseThrow());
            assertEquals(List.of(timeout), f.events(DeploymentEvent.UnitTimedOut.class).stream()
                    .map(DeploymentEvent.UnitTimedOut::timeout).toList());
        }
    }

    @Test
    void inRunModeADoneUnitThatFailsIsRepairedAndRunsAgain() throws Exception {
        String failing = "minion-proxy@" + String.format("%032x", 2) + ".service";
        try (FleetSimulator sim = FleetSimulator.builder().machines(1, MASTER).machines(2, MINION)
                .startDelay("minion-proxy@*", Duration.ofMillis(600)).build();
             DeployFixture f = new DeployFixture(sim.endpoint(), new InMemoryDeploymentStore())) {
            CorekubeDeployer deployer = f.deployer(quick().healInterval(Duration.ofMillis(100)).build());
            try (DeploymentHandle overlord = deployer.run()) {
                awaitTrue(() -> deployer.status().count(DeploymentPhase.DEPLOYED) == 3, "all deployed");
                sim.failUnits(failing); // its process crashes: fleet reports failed/failed
                awaitTrue(() -> !f.events(DeploymentEvent.UnitRepaired.class).isEmpty(), "the failed unit repaired");
                sim.clearFailingUnits(); // the resubmitted unit starts (600 ms) and runs
                DeploymentEvent.UnitRepaired repair = f.events(DeploymentEvent.UnitRepaired.class).get(0);
                assertEquals(failing, repair.unitName());
                assertTrue(repair.reason().startsWith("failed: failed/failed"), repair.reason());
                awaitTrue(() -> deployer.status().count(DeploymentPhase.DEPLOYED) == 3
                        && f.fleet.unitStates().stream().anyMatch(st -> st.name().equals(failing) && st.subState().equals("running")),
                        "running and deployed again");
                Thread.sleep(1000);
                assertEquals(1, f.events(DeploymentEvent.UnitRepaired.class).size(), "a unit that is fine is left alone");
                assertEquals(2, sim.contentWrites().get(failing).size(), "submitted again once");
            }
        }
    }

    @Test
    void unitDeadlinesComeFromTheUnitThenItsStageThenTheDefault() {
        EngineSettings settings = EngineSettings.builder().putUnitDeadline("a.service", Duration.ofSeconds(5))
                .putStageDeadline("download", Duration.ofMinutes(20)).defaultUnitDeadline(Duration.ofMinutes(3)).build();
        assertEquals(Duration.ofSeconds(5), settings.unitDeadline("download", "a.service"));
        assertEquals(Duration.ofMinutes(20), settings.unitDeadline("download", "b.service"));
        assertEquals(Duration.ofMinutes(3), settings.unitDeadline("control-plane", "b.service"));
        assertEquals(Duration.ofMinutes(30), EngineSettings.defaults().unitDeadline("download", "b.service"));
        assertEquals(Duration.ofMinutes(10), EngineSettings.defaults().unitDeadline("node", "b.service"));
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> EngineSettings.builder().putUnitDeadline("a.service", Duration.ZERO).build());
        assertTrue(zero.getMessage().contains("unit deadlines must be positive"), zero.getMessage());
    }

    @Test
    void completesDespiteTwentyPercentServerErrorsAndLatencySpikes() {
        try (FleetSimulator sim = FleetSimulator.builder().machines(1, MASTER).machines(9, MINION)
                .faults(new FleetSimulator.Faults(Duration.ZERO, 0.2, 0, 0.05, Duration.ofMillis(300))).build();
             DeployFixture f = new DeployFixture(sim.endpoint(), new InMemoryDeploymentStore())) {
            EngineSettings settings = quick().retry(RetryPolicy.builder().maxAttempts(10).baseDelay(Duration.ofMillis(50))
                    .maxDelay(Duration.ofMillis(500)).build()).build();
            try (DeploymentHandle handle = f.deployer(settings).deploy(ClusterSpec.of("faulty", 9))) {
                ClusterStatus status = handle.await(Duration.ofSeconds(60));
                assertEquals(10, status.count(DeploymentPhase.DEPLOYED), status.toText());
            }
            assertTrue(sim.requestCounts().values().stream().mapToLong(Long::longValue).sum() > 0);
            sim.contentWrites().forEach((unit, hashes) -> assertEquals(1, hashes.size(), unit + " written " + hashes));
        }
    }

    @Test
    void survivesAFleetThatAnswersNothingButErrorsWhenItTakesOver() throws Exception {
        try (FleetSimulator sim = FleetSimulator.builder().machines(1, MASTER).machines(2, MINION)
                .faults(new FleetSimulator.Faults(Duration.ZERO, 1.0, 0)).build();
             DeployFixture f = new DeployFixture(sim.endpoint(), new InMemoryDeploymentStore())) {
            try (DeploymentHandle handle = f.deployer(quick().build()).deploy(ClusterSpec.of("outage", 2))) {
                Thread.sleep(2000);
                assertFalse(handle.completion().isDone(), "an outage is not the end of the deployment");
                assertEquals(0, sim.requestTotal(), "every request was refused");
                sim.faults(FleetSimulator.Faults.none());
                assertEquals(3, handle.await(Duration.ofSeconds(30)).count(DeploymentPhase.DEPLOYED));
            }
        }
    }

    @Test
    void aDeployWhoseMachinesNeverAllJoinTimesOutNamingWhatIsMissing() {
        try (FleetSimulator sim = FleetSimulator.builder().machines(1, MASTER).machines(1, MINION).build();
             DeployFixture f = new DeployFixture(sim.endpoint(), new InMemoryDeploymentStore())) {
            ClusterSpec spec = ClusterSpec.builder().name("short").minionCount(3).timeout(Duration.ofSeconds(3)).build();
            CorekubeDeployer deployer = f.deployer(quick().build());
            assertTrue(deployer.plan(spec).waiting().contains("minion: 1 of 3 machines present"),
                    deployer.plan(spec).toText());
            try (DeploymentHandle handle = deployer.deploy(spec)) {
                DeploymentTimeoutException e = assertThrows(DeploymentTimeoutException.class,
                        () -> handle.await(Duration.ofSeconds(30)));
                assertTrue(e.getMessage().startsWith("deployment timed out: 2 machines deployed"), e.getMessage());
                assertEquals(2, e.status().count(DeploymentPhase.DEPLOYED));
            }
        }
    }

    @Test
    void deploysAtMostTheConfiguredNumberOfMachinesAtOnce() {
        try (FleetSimulator sim = FleetSimulator.builder().machines(1, MASTER).machines(7, MINION)
                .startDelay(Duration.ofMillis(100)).build();
             DeployFixture f = new DeployFixture(sim.endpoint(), new InMemoryDeploymentStore())) {
            try (DeploymentHandle handle = f.deployer(quick().maxConcurrentMachines(2).build())
                    .deploy(ClusterSpec.of("bounded", 7))) {
                handle.await(Duration.ofSeconds(60));
            }
            Set<String> deploying = new HashSet<>();
            int most = 0;
            for (DeploymentEvent e : f.events) {
                if (e instanceof UnitSubmitted s) {
                    deploying.add(s.machine().id());
                } else if (e instanceof MachineDeployed d) {
                    deploying.remove(d.machine().id());
                }
                most = Math.max(most, deploying.size());
            }
            assertEquals(2, most, "machines deploying at once");
        }
    }

    @Test
    void minionsOfTheOriginalProfileWaitForAMasterThenDeployAlongsideIt() {
        try (FleetSimulator sim = FleetSimulator.builder().machines(2, MINION).startDelay(Duration.ofMillis(300)).build();
             DeployFixture f = new DeployFixture(sim.endpoint(), new InMemoryDeploymentStore(),
                     io.corekube.templates.TestRoles.of(KubernetesRoles.Profile.ORIGINAL))) {
            try (DeploymentHandle handle = f.deployer(quick().build()).deploy(ClusterSpec.of("late-master", 2))) {
                awaitTrue(() -> f.events(DeploymentEvent.MachineWaiting.class).size() == 2, "minions waiting");
                assertTrue(f.events(UnitSubmitted.class).isEmpty());
                sim.addMachine(machine(9, MASTER));
                handle.await(Duration.ofSeconds(30));
            }
            String masterId = String.format("%032x", 9);
            int masterDeployed = indexOf(f.events, e -> e instanceof MachineDeployed d && d.machine().id().equals(masterId));
            int firstMinionSubmit = indexOf(f.events, e -> e instanceof UnitSubmitted s && !s.machine().id().equals(masterId));
            assertTrue(firstMinionSubmit < masterDeployed, "minions start before the master finishes");
        }
    }

    @Test
    void overlordModeDeploysJoiningMachinesAndDestroysTheUnitsOfLeavingOnes() {
        try (FleetSimulator sim = FleetSimulator.builder().machines(1, MASTER).machines(1, MINION).build();
             DeployFixture f = new DeployFixture(sim.endpoint(), new InMemoryDeploymentStore())) {
            CorekubeDeployer deployer = f.deployer(quick().build());
            try (DeploymentHandle overlord = deployer.run()) {
                awaitTrue(() -> deployer.status().count(DeploymentPhase.DEPLOYED) == 2, "two deployed");
                sim.addMachine(machine(3, MINION));
                awaitTrue(() -> deployer.status().count(DeploymentPhase.DEPLOYED) == 3, "scaled up to three");
                String leaving = String.format("%032x", 2);
                Set<String> itsUnits = f.store.get(leaving).orElseThrow().value().units().keySet();
                sim.stopMachine(leaving);
                awaitTrue(() -> f.store.get(leaving).isEmpty(), "record of the machine that left deleted");
                Set<String> remaining = new HashSet<>(f.scheduler.unitNames());
                itsUnits.forEach(u -> assertFalse(remaining.contains(u), u + " destroyed"));
                assertEquals(1, f.events(DeploymentEvent.MachineRemoved.class).size());
                assertTrue(overlord.isLeading());
                assertFalse(overlord.completion().isDone(), "the overlord runs until closed");
            }
        }
    }

    @Test
    void aSecondEngineWaitsAndTakesOverWhenTheLeaderStops() {
        InMemoryDeploymentStore store = new InMemoryDeploymentStore();
        try (FleetSimulator sim = FleetSimulator.builder().machines(1, MASTER).machines(5, MINION)
                .startDelay(Duration.ofMillis(200)).build();
             DeployFixture a = new DeployFixture(sim.endpoint(), store);
             DeployFixture b = new DeployFixture(sim.endpoint(), store)) {
            DeploymentHandle first = a.deployer(quick().candidateId("engine-a").build()).deploy(ClusterSpec.of("ha", 5));
            awaitTrue(first::isLeading, "first engine leads");
            DeploymentHandle second = b.deployer(quick().candidateId("engine-b").build()).deploy(ClusterSpec.of("ha", 5));
            awaitTrue(() -> !a.events(UnitSubmitted.class).isEmpty(), "first engine acts");
            assertFalse(second.isLeading());
            assertTrue(b.events(UnitSubmitted.class).isEmpty(), "the follower never acts");
            first.close();
            ClusterStatus status = second.await(Duration.ofSeconds(30));
            second.close();
            assertEquals(6, status.count(DeploymentPhase.DEPLOYED), status.toText());
            assertFalse(b.events(MachineDeployed.class).isEmpty(), "the second engine finished the deployment");
            sim.contentWrites().forEach((unit, hashes) -> assertEquals(1, hashes.size(), unit + " written once"));
        }
    }

    @Test
    void planShowsReplacementsAfterTheRolesChangeAndDeployAppliesThem() {
        try (FleetSimulator sim = FleetSimulator.builder().machines(1, MASTER).machines(1, MINION).build();
             DeployFixture f = new DeployFixture(sim.endpoint(), new InMemoryDeploymentStore())) {
            ClusterSpec spec = ClusterSpec.of("changing", 1);
            try (DeploymentHandle h = f.deployer(quick().build()).deploy(spec)) {
                h.await(Duration.ofSeconds(30));
            }
            CorekubeDeployer changed = CorekubeDeployer.builder().registry(f.registry).scheduler(f.scheduler)
                    .store(f.store).settings(quick().build()).roles(KubernetesRoles.builder(KubernetesRoles.Profile.CURRENT)
                            .binariesUrl("https://mirror.example.com/k8s").build()).build();
            DeploymentPlan plan = changed.plan(spec);
            assertEquals(2, plan.actions(DeploymentPlan.Kind.REPLACE).size(), plan.toText());
            assertTrue(plan.actions(DeploymentPlan.Kind.REPLACE).stream().allMatch(a -> a.unitName().contains("download")),
                    plan.toText());
            try (DeploymentHandle h = changed.deploy(spec)) {
                h.await(Duration.ofSeconds(30));
            }
            assertTrue(changed.plan(spec).isEmpty(), changed.plan(spec).toText());
        }
    }

    @Test
    void closingADeployDuringProvisioningStopsTheEngineBeforeItActs() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        io.corekube.spi.ClusterProvisioner slow = new io.corekube.spi.ClusterProvisioner() {
            @Override
            public io.corekube.cluster.ProvisionedCluster provision(io.corekube.cluster.ProvisioningRequest r, Duration t) {
                throw new AssertionError("the stack exists");
            }

            @Override
            public io.corekube.cluster.ProvisionedCluster scale(String name, int minions, Duration t) {
                throw new AssertionError("the stack has its minions");
            }

            @Override
            public java.util.Optional<io.corekube.cluster.ProvisionedCluster> describe(String name) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return java.util.Optional.of(io.corekube.cluster.ProvisionedCluster.builder().name(name).id("1")
                        .status("CREATE_COMPLETE").addMinionIps("10.0.0.2").build());
            }

            @Override
            public void delete(String name, Duration t) {
            }
        };
        InMemoryDeploymentStore store = new InMemoryDeploymentStore();
        try (FleetSimulator sim = FleetSimulator.builder().machines(1, MASTER).machines(1, MINION).build();
             DeployFixture f = new DeployFixture(sim.endpoint(), store)) {
            CorekubeDeployer deployer = CorekubeDeployer.builder().registry(f.registry).scheduler(f.scheduler)
                    .store(store).roles(f.roles).provisioner(slow).listener(f.events::add).build();
            DeploymentHandle handle = deployer.deploy(ClusterSpec.of("closed-early", 1));
            handle.close();
            assertTrue(handle.completion().isCancelled());
            release.countDown();
            Thread.sleep(1000);
            awaitTrue(() -> store.leader().isEmpty(), "no engine leads");
            assertTrue(f.events(UnitSubmitted.class).isEmpty(), f.events.toString());
            assertTrue(sim.contentWrites().isEmpty());
        }
    }

    @Test
    void refusesBadSpecsAndMissingPortsBeforeActing() {
        assertThrows(IllegalArgumentException.class, () -> ClusterSpec.of("bad name", 1));
        assertThrows(IllegalArgumentException.class, () -> ClusterSpec.of("ok", -1));
        try (FleetSimulator sim = FleetSimulator.builder().machines(1, MASTER).build();
             DeployFixture f = new DeployFixture(sim.endpoint(), new InMemoryDeploymentStore())) {
            ClusterSpec spec = ClusterSpec.builder().name("net").minionCount(0).networkConfig("{\"Network\":\"10.1.0.0/16\"}")
                    .build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.deployer(quick().build()).deploy(spec));
            assertTrue(e.getMessage().contains("network config store"), e.getMessage());
            assertEquals(0, sim.requestCounts().getOrDefault("PUT /units/*", 0L));
            NullPointerException npe = assertThrows(NullPointerException.class, () -> CorekubeDeployer.builder()
                    .registry(f.registry).scheduler(f.scheduler).roles(f.roles).build());
            assertEquals("store", npe.getMessage());
        }
    }

    static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static int indexOf(List<DeploymentEvent> events, java.util.function.Predicate<DeploymentEvent> p) {
        for (int i = 0; i < events.size(); i++) {
            if (p.test(events.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such event in " + events);
    }
}
