package io.corekube.fleet.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Map;

/** fleet's v1 JSON shapes (schema/v1-gen.go): every field may be absent, empty lists are omitted. */
public final class FleetWire {

    /** The mapper for fleet's JSON: unknown fields ignored, absent fields null, nulls not written. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private FleetWire() {
    }

    /** {@code UnitOption}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OptionDto(String section, String name, String value) {
    }

    /** {@code Unit}; also the PUT body. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record UnitDto(String name, List<OptionDto> options, String desiredState, String currentState,
                          String machineID) {
    }

    /** {@code UnitPage}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record UnitPageDto(List<UnitDto> units, String nextPageToken) {
    }

    /** {@code UnitState}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StateDto(String name, String hash, String machineID, String systemdLoadState,
                           String systemdActiveState, String systemdSubState) {
    }

    /** {@code UnitStatePage}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StatePageDto(List<StateDto> states, String nextPageToken) {
    }

    /** {@code Machine}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MachineDto(String id, String primaryIP, Map<String, String> metadata) {
    }

    /** {@code MachinePage}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MachinePageDto(List<MachineDto> machines, String nextPageToken) {
    }

    /** An error body: {@code {"error": {"code": 404, "message": "..."}}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ErrorDto(ErrorEntity error) {
    }

    /** The inner error entity. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ErrorEntity(int code, String message) {
    }

    /** One {@code PATCH /machines} operation; note the nested value object. */
    public record MetadataOpDto(String op, String path, ValueDto value) {
    }

    /** The nested value of a metadata operation. */
    public record ValueDto(String value) {
    }
}
