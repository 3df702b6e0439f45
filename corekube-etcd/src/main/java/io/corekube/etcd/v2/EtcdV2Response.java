package io.corekube.etcd.v2;

import java.util.Optional;
import org.immutables.value.Value;

/** The answer to a v2 request or a watch event: the action, the node after it, the node before it. */
@Value.Immutable
public interface EtcdV2Response {

    /** {@code get}, {@code set}, {@code create}, {@code update}, {@code delete}, {@code compareAndSwap}, ... */
    String action();

    /** The node the action produced. */
    EtcdV2Node node();

    /** The node before the action, when there was one. */
    Optional<EtcdV2Node> prevNode();

    /** The store index of the answer ({@code X-Etcd-Index}); for a watch, the index when it started. */
    long etcdIndex();

    /** A builder for a response. */
    static ImmutableEtcdV2Response.Builder builder() {
        return ImmutableEtcdV2Response.builder();
    }
}
