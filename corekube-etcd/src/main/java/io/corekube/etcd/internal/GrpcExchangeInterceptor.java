package io.corekube.etcd.internal;

import io.corekube.ClientExchange;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Tells an {@link io.corekube.etcd.EtcdConfig#exchangeListener} of every gRPC call jetcd makes, when it closes: the
 * route is the gRPC method (e.g. {@code etcdserverpb.KV/Txn}), the outcome its status code.
 */
final class GrpcExchangeInterceptor implements ClientInterceptor {

    private final Consumer<ClientExchange> listener;

    GrpcExchangeInterceptor(Consumer<ClientExchange> listener) {
        this.listener = listener;
    }

    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
        String route = method.getFullMethodName();
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<A> responseListener, Metadata headers) {
                long start = System.nanoTime();
                super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(responseListener) {
                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        listener.accept(new ClientExchange("etcd", "RPC", route, route, status.getCode().name(), -1,
                                Duration.ofNanos(System.nanoTime() - start)));
                        super.onClose(status, trailers);
                    }
                }, headers);
            }
        };
    }
}
