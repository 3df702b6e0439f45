package io.corekube.etcd.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.corekube.etcd.EtcdException;
import io.corekube.etcd.EtcdMalformedReplyException;
import io.corekube.etcd.v2.EtcdV2Exception;
import io.corekube.etcd.v2.EtcdV2Node;
import io.corekube.etcd.v2.EtcdV2Response;
import io.corekube.etcd.v2.ImmutableEtcdV2Node;
import io.corekube.etcd.v2.V2ApiNotEnabledException;
import java.io.IOException;
import java.util.List;

/** The JSON shapes of etcd's v2 keys API and their mapping to the public values. */
public final class V2Wire {

    /** One mapper for the module: unknown fields are ignored, as etcd adds some over versions. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private V2Wire() {
    }

    /** A node as etcd writes it; every field may be absent. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NodeDto(String key, String value, Boolean dir, String expiration, Long ttl, List<NodeDto> nodes,
                          Long modifiedIndex, Long createdIndex) {
    }

    /** A success body. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ResponseDto(String action, NodeDto node, NodeDto prevNode) {
    }

    /** An error body. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ErrorDto(Integer errorCode, String message, String cause, Long index) {
    }

    /** Maps a success reply to a response; a reply that is not etcd's is an {@link EtcdMalformedReplyException}. */
    public static EtcdV2Response response(HttpTransport.Reply reply) {
        ResponseDto dto = read(reply, ResponseDto.class);
        if (dto == null || dto.action() == null || dto.node() == null) {
            throw new EtcdMalformedReplyException(reply.endpoint(), "no action or node in " + abbreviate(reply.body()), null);
        }
        try {
            return io.corekube.etcd.v2.ImmutableEtcdV2Response.builder()
                    .action(dto.action())
                    .node(node(dto.node()))
                    .prevNode(java.util.Optional.ofNullable(dto.prevNode()).map(V2Wire::node))
                    .etcdIndex(reply.etcdIndex())
                    .build();
        } catch (RuntimeException e) {
            throw new EtcdMalformedReplyException(reply.endpoint(), e.getClass().getSimpleName() + " " + e.getMessage()
                    + " in " + abbreviate(reply.body()), e);
        }
    }

    /** Maps an error reply to the typed exception: etcd's error body, a missing v2 API, or a bad answer. */
    public static EtcdException error(HttpTransport.Reply reply) {
        String body = reply.body();
        if (body.trim().startsWith("{")) {
            try {
                ErrorDto e = JSON.readValue(body, ErrorDto.class);
                if (e.errorCode() != null) {
                    return EtcdV2Exception.from(reply.status(), e.errorCode(), e.message(), e.cause(),
                            e.index() == null ? 0 : e.index());
                }
            } catch (IOException notAnErrorBody) {
                // fall through to the generic error
            }
        }
        if (reply.status() == 404) {
            return new V2ApiNotEnabledException(reply.endpoint());
        }
        return new EtcdException("etcd at " + reply.endpoint() + " answered " + reply.status() + ": "
                + abbreviate(body), reply.status(), reply.status() >= 500, null);
    }

    static <T> T read(HttpTransport.Reply reply, Class<T> type) {
        try {
            return JSON.readValue(reply.body(), type);
        } catch (IOException | RuntimeException e) {
            throw new EtcdMalformedReplyException(reply.endpoint(), "not " + type.getSimpleName() + " JSON: "
                    + abbreviate(reply.body()), e);
        }
    }

    static EtcdV2Node node(NodeDto dto) {
        ImmutableEtcdV2Node.Builder b = EtcdV2Node.builder()
                .key(dto.key() == null ? "" : dto.key())
                .value(java.util.Optional.ofNullable(dto.value()))
                .dir(Boolean.TRUE.equals(dto.dir()))
                .ttl(java.util.Optional.ofNullable(dto.ttl()))
                .modifiedIndex(dto.modifiedIndex() == null ? 0 : dto.modifiedIndex())
                .createdIndex(dto.createdIndex() == null ? 0 : dto.createdIndex());
        if (dto.expiration() != null) {
            b.expiration(java.time.OffsetDateTime.parse(dto.expiration()).toInstant());
        }
        if (dto.nodes() != null) {
            dto.nodes().forEach(child -> b.addNode(node(java.util.Objects.requireNonNull(child, "a null child node"))));
        }
        return b.build();
    }

    static String abbreviate(String body) {
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }
}
