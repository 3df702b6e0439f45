package io.corekube.etcd.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.corekube.deploy.DeploymentPhase;
import io.corekube.deploy.DeploymentRecord;
import io.corekube.deploy.UnitProgress;
import io.corekube.etcd.EtcdException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The JSON of a deployment record in etcd; the shape is versioned by its field names, unknown fields ignored. */
public final class RecordCodec {

    private RecordCodec() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RecordDto(String machineId, String role, String phase, Map<String, UnitDto> units, String failureReason,
                     String updatedAt, String updatedBy) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record UnitDto(String hash, String state, int attempts, String lastError) {
    }

    /** The record as JSON. */
    public static String encode(DeploymentRecord r) {
        Map<String, UnitDto> units = new TreeMap<>();
        r.units().forEach((name, u) -> units.put(name,
                new UnitDto(u.hash(), u.state().name(), u.attempts(), u.lastError().orElse(null))));
        try {
            return V2Wire.JSON.writeValueAsString(new RecordDto(r.machineId(), r.role(), r.phase().name(), units,
                    r.failureReason().orElse(null), r.updatedAt().toString(), r.updatedBy().orElse(null)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode record of " + r.machineId(), e);
        }
    }

    /** The record stored under {@code key}; a malformed value is an error naming the key. */
    public static DeploymentRecord decode(String key, String json) {
        try {
            RecordDto dto = V2Wire.JSON.readValue(json, RecordDto.class);
            Map<String, UnitProgress> units = new LinkedHashMap<>();
            if (dto.units() != null) {
                dto.units().forEach((name, u) -> units.put(name, UnitProgress.builder().hash(u.hash())
                        .state(UnitProgress.State.valueOf(u.state())).attempts(u.attempts())
                        .lastError(java.util.Optional.ofNullable(u.lastError())).build()));
            }
            return DeploymentRecord.builder().machineId(dto.machineId()).role(dto.role())
                    .phase(DeploymentPhase.valueOf(dto.phase())).units(units)
                    .failureReason(java.util.Optional.ofNullable(dto.failureReason()))
                    .updatedAt(Instant.parse(dto.updatedAt())).updatedBy(java.util.Optional.ofNullable(dto.updatedBy())).build();
        } catch (JsonProcessingException | RuntimeException e) {
            throw new EtcdException("malformed deployment record at " + key + ": " + e.getMessage(), false, e);
        }
    }
}
