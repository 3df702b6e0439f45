package io.corekube.micrometer;

import io.corekube.cluster.Machine;
import io.corekube.deploy.DeploymentEvent;
import io.corekube.deploy.DeploymentListener;
import io.corekube.deploy.DeploymentPhase;
import io.corekube.micrometer.internal.BoundedTagValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link DeploymentListener} that records what the engine did as Micrometer meters:
 * <ul>
 *   <li>{@value #DEPLOY_DURATION} (timer, tag {@code outcome}: {@code complete} or {@code failed}): from the first
 *       event to {@code DeploymentCompleted};</li>
 *   <li>{@value #UNIT_DURATION} (timer, tags {@code unit} and {@code role}): from a unit's first submission to
 *       its being done;</li>
 *   <li>{@value #UNIT_SUBMISSIONS} (counter, tags {@code unit}, {@code role}, {@code outcome}: {@code CREATED},
 *       {@code REPLACED} or {@code UNCHANGED});</li>
 *   <li>{@value #UNIT_RETRIES}, {@value #UNIT_FAILURES}, {@value #UNIT_TIMEOUTS}, {@value #UNIT_REPAIRS} (counters,
 *       tags {@code unit} and {@code role});</li>
 *   <li>{@value #MACHINES} (counter, tags {@code role} and {@code outcome}: {@code deployed}, {@code failed},
 *       {@code upgraded}, {@code removed});</li>
 *   <li>{@value #LEADERSHIP} (counter, tag {@code change}: {@code acquired} or {@code lost}).</li>
 * </ul>
 * The {@code unit} tag is the unit's name before its {@code @} (the role's unit, not the machine's instance), so the
 * tags are bounded by the role catalog: at most {@link #UNIT_TAGS} units and {@link #ROLE_TAGS} roles are told
 * apart, the rest are {@code other}.
 */
public final class DeploymentMetrics implements DeploymentListener {

    /** Timer of whole deployments. */
    public static final String DEPLOY_DURATION = "corekube.deploy.duration";
    /** Timer from a unit's first submission to its being done. */
    public static final String UNIT_DURATION = "corekube.unit.duration";
    /** Counter of unit submissions. */
    public static final String UNIT_SUBMISSIONS = "corekube.unit.submissions";
    /** Counter of unit failures that will be retried. */
    public static final String UNIT_RETRIES = "corekube.unit.retries";
    /** Counter of unit failures that will not be retried. */
    public static final String UNIT_FAILURES = "corekube.unit.failures";
    /** Counter of units past their deadline. */
    public static final String UNIT_TIMEOUTS = "corekube.unit.timeouts";
    /** Counter of done units repaired after they broke. */
    public static final String UNIT_REPAIRS = "corekube.unit.repairs";
    /** Counter of machines by how their deployment ended. */
    public static final String MACHINES = "corekube.machines";
    /** Counter of leadership changes of this engine. */
    public static final String LEADERSHIP = "corekube.leadership";
    /** How many distinct units are kept as tags. */
    public static final int UNIT_TAGS = 100;
    /** How many distinct roles are kept as tags. */
    public static final int ROLE_TAGS = 20;

    private static final String NO_ROLE = "none";

    private final MeterRegistry registry;
    private final BoundedTagValues units = new BoundedTagValues(UNIT_TAGS);
    private final BoundedTagValues roles = new BoundedTagValues(ROLE_TAGS);
    private final Map<String, Long> unitStarts = new ConcurrentHashMap<>();
    private volatile long deployStart;

    /** Records into {@code registry}. */
    public DeploymentMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void onEvent(DeploymentEvent event) {
        long now = System.nanoTime();
        if (deployStart == 0) {
            deployStart = now;
        }
        if (event instanceof DeploymentEvent.LeadershipAcquired) {
            counter(LEADERSHIP, "change", "acquired").increment();
        } else if (event instanceof DeploymentEvent.LeadershipLost) {
            counter(LEADERSHIP, "change", "lost").increment();
        } else if (event instanceof DeploymentEvent.UnitSubmitted e) {
            unitStarts.putIfAbsent(key(e.machine(), e.unitName()), now);
            counter(UNIT_SUBMISSIONS, unitTags(e.machine(), e.unitName(), "outcome", e.outcome().name())).increment();
        } else if (event instanceof DeploymentEvent.UnitDone e) {
            Long start = unitStarts.remove(key(e.machine(), e.unitName()));
            if (start != null) {
                Timer.builder(UNIT_DURATION).tags(unitTags(e.machine(), e.unitName())).register(registry)
                        .record(Duration.ofNanos(now - start));
            }
        } else if (event instanceof DeploymentEvent.UnitFailed e) {
            counter(e.willRetry() ? UNIT_RETRIES : UNIT_FAILURES, unitTags(e.machine(), e.unitName())).increment();
        } else if (event instanceof DeploymentEvent.UnitTimedOut e) {
            counter(UNIT_TIMEOUTS, unitTags(e.machine(), e.timeout().unitName())).increment();
        } else if (event instanceof DeploymentEvent.UnitRepaired e) {
            counter(UNIT_REPAIRS, unitTags(e.machine(), e.unitName())).increment();
        } else if (event instanceof DeploymentEvent.MachineDeployed e) {
            machine(e.machine(), "deployed");
        } else if (event instanceof DeploymentEvent.MachineFailed e) {
            machine(e.machine(), "failed");
        } else if (event instanceof DeploymentEvent.MachineUpgraded e) {
            machine(e.machine(), "upgraded");
        } else if (event instanceof DeploymentEvent.MachineRemoved) {
            counter(MACHINES, "role", NO_ROLE, "outcome", "removed").increment();
        } else if (event instanceof DeploymentEvent.DeploymentCompleted e) {
            String outcome = e.status().count(DeploymentPhase.FAILED) == 0 ? "complete" : "failed";
            Timer.builder(DEPLOY_DURATION).tag("outcome", outcome).register(registry).record(Duration.ofNanos(now - deployStart));
            deployStart = 0;
            unitStarts.clear();
        }
    }

    private void machine(Machine machine, String outcome) {
        counter(MACHINES, "role", role(machine), "outcome", outcome).increment();
    }

    private Counter counter(String name, String... tags) {
        return Counter.builder(name).tags(tags).register(registry);
    }

    private String[] unitTags(Machine machine, String unitName, String... more) {
        String[] tags = new String[4 + more.length];
        tags[0] = "unit";
        tags[1] = units.of(roleUnit(unitName));
        tags[2] = "role";
        tags[3] = role(machine);
        System.arraycopy(more, 0, tags, 4, more.length);
        return tags;
    }

    private String role(Machine machine) {
        return roles.of(machine.role().orElse(NO_ROLE));
    }

    /** {@code kube-apiserver@0123.service} is {@code kube-apiserver}; a name without an instance loses its suffix. */
    static String roleUnit(String unitName) {
        int at = unitName.indexOf('@');
        if (at >= 0) {
            return unitName.substring(0, at);
        }
        int dot = unitName.lastIndexOf('.');
        return dot > 0 ? unitName.substring(0, dot) : unitName;
    }

    private static String key(Machine machine, String unitName) {
        return machine.id() + "/" + unitName;
    }
}
