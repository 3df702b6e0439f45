package io.corekube.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.corekube.deploy.RoleCatalog.RoleUnit;
import io.corekube.unit.UnitFile;
import io.corekube.unit.UnitStatus;
import io.corekube.unit.UnitSubmission;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the engine and the planner judge a unit from its record and its reported state. */
class UnitConditionTest {

    private static final RoleUnit WANTED = unit("/opt/bin/kubelet");
    private static final String HASH = WANTED.submission().unit().hash();
    private static final String OTHER = unit("/opt/bin/kubelet --v=2").submission().unit().hash();

    static RoleUnit unit(String exec) {
        return new RoleUnit(UnitSubmission.builder().name("kubelet@1.service")
                .unit(UnitFile.builder().service("ExecStart", exec).build()).build(), "running");
    }

    static UnitProgress recorded(String hash, UnitProgress.State state) {
        return UnitProgress.builder().hash(hash).state(state).build();
    }

    static UnitStatus reported(Optional<String> hash, String active, String sub) {
        return UnitStatus.builder().name("kubelet@1.service").machineId("m1").hash(hash).loadState("loaded")
                .activeState(active).subState(sub).build();
    }

    @Test
    void neitherRecordedNorReportedMustBeSubmitted() {
        assertEquals(UnitCondition.ABSENT, UnitCondition.of(WANTED, null, null));
    }

    @Test
    void recordedDoneWithTheWantedContentIsDoneWhateverIsReported() {
        assertEquals(UnitCondition.DONE, UnitCondition.of(WANTED, recorded(HASH, UnitProgress.State.DONE),
                reported(Optional.of(HASH), "failed", "failed")));
    }

    @Test
    void reportedInTheDoneSubStateWithTheWantedHashBecameDone() {
        assertEquals(UnitCondition.BECAME_DONE, UnitCondition.of(WANTED, null,
                reported(Optional.of(HASH), "active", "running")));
        assertEquals(UnitCondition.BECAME_DONE, UnitCondition.of(WANTED, recorded(HASH, UnitProgress.State.SUBMITTED),
                reported(Optional.empty(), "active", "running")), "a state without hash counts for the recorded content");
    }

    @Test
    void reportedStartingOrFailedWithTheWantedHash() {
        assertEquals(UnitCondition.STARTING, UnitCondition.of(WANTED, null,
                reported(Optional.of(HASH), "activating", "start")));
        assertEquals(UnitCondition.FAILED, UnitCondition.of(WANTED, recorded(HASH, UnitProgress.State.SUBMITTED),
                reported(Optional.of(HASH), "failed", "failed")));
    }

    @Test
    void recordedSubmittedWithoutStateIsWaiting() {
        assertEquals(UnitCondition.SUBMITTED, UnitCondition.of(WANTED, recorded(HASH, UnitProgress.State.SUBMITTED), null));
    }

    @Test
    void otherContentRecordedOrReportedMustBeReplaced() {
        assertEquals(UnitCondition.CHANGED, UnitCondition.of(WANTED, recorded(OTHER, UnitProgress.State.DONE), null));
        assertEquals(UnitCondition.CHANGED, UnitCondition.of(WANTED, null, reported(Optional.of(OTHER), "active", "running")));
        assertEquals(UnitCondition.CHANGED, UnitCondition.of(WANTED, recorded(OTHER, UnitProgress.State.DONE),
                reported(Optional.empty(), "active", "running")));
    }
}
