package io.corekube.deploy;

import io.corekube.deploy.DeploymentPlan.Kind;
import io.corekube.deploy.DeploymentPlan.PlannedAction;
import io.corekube.deploy.RoleCatalog.RoleStage;
import io.corekube.deploy.RoleCatalog.RoleUnit;
import io.corekube.unit.UnitStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Computes a {@link DeploymentPlan} from a {@link ClusterView} and the scheduler's reported states. */
final class Planner {

    private Planner() {
    }

    /** The names of every unit the view wants or records: what the plan needs observed. */
    static Set<String> unitNames(ClusterView view) {
        Set<String> names = new HashSet<>();
        for (ClusterView.Entry e : view.entries()) {
            e.stages().forEach(s -> s.units().forEach(u -> names.add(u.submission().name())));
            e.record().ifPresent(r -> names.addAll(r.value().units().keySet()));
        }
        return names;
    }

    static DeploymentPlan plan(ClusterView view, Map<String, UnitStatus> reported, Map<String, Integer> expectedRoles) {
        List<PlannedAction> actions = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        int upToDate = 0;
        for (ClusterView.Entry e : view.entries()) {
            String role = e.role().orElse("-");
            if (e.machine().isEmpty()) {
                e.record().ifPresent(r -> r.value().units().keySet().forEach(unit -> actions.add(new PlannedAction(
                        e.machineId(), role, "", unit, Kind.DESTROY, "machine left the cluster"))));
                continue;
            }
            if (e.renderProblem().isPresent()) {
                waiting.add(e.machineId() + " (" + role + "): " + e.renderProblem().get());
                continue;
            }
            Set<String> wanted = new HashSet<>();
            int starting = 0;
            for (RoleStage stage : e.stages()) {
                for (RoleUnit unit : stage.units()) {
                    String name = unit.submission().name();
                    wanted.add(name);
                    UnitProgress recorded = e.progress(name).orElse(null);
                    UnitCondition condition = UnitCondition.of(unit, recorded, reported.get(name));
                    switch (condition) {
                        case DONE, BECAME_DONE -> upToDate++;
                        case STARTING, SUBMITTED -> starting++;
                        case FAILED -> actions.add(action(e, stage, name, Kind.RETRY,
                                "failed: " + reported.get(name).activeState() + "/" + reported.get(name).subState()));
                        case CHANGED -> actions.add(action(e, stage, name, Kind.REPLACE, "content changed, wanted hash "
                                + unit.submission().unit().hash().substring(0, 12)));
                        case ABSENT -> actions.add(action(e, stage, name, Kind.SUBMIT, "new unit, done when "
                                + unit.doneSubState()));
                        default -> throw new IllegalStateException(condition.name());
                    }
                }
            }
            if (starting > 0) {
                waiting.add(e.machineId() + " (" + role + "): " + starting + " units starting");
            }
            e.record().ifPresent(r -> r.value().units().keySet().stream().filter(u -> !wanted.contains(u))
                    .forEach(u -> actions.add(new PlannedAction(e.machineId(), role, "", u, Kind.DESTROY,
                            "no longer a unit of role " + role))));
        }
        expectedRoles.forEach((role, count) -> {
            long present = view.entries().stream()
                    .filter(e -> e.machine().isPresent() && e.role().filter(role::equals).isPresent()).count();
            if (present < count) {
                waiting.add(role + ": " + present + " of " + count + " machines present");
            }
        });
        return new DeploymentPlan(List.of(), actions, waiting, upToDate);
    }

    private static PlannedAction action(ClusterView.Entry e, RoleStage stage, String unit, Kind kind, String reason) {
        return new PlannedAction(e.machineId(), e.role().orElse("-"), stage.name(), unit, kind, reason);
    }
}
