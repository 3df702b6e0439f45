package io.corekube.etcd.internal;

import io.corekube.ClientExchange;
import io.corekube.internal.Routes;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Tells an {@link io.corekube.etcd.EtcdConfig#exchangeListener} of every request of the keys API: its route names no
 * key (keys may be discovery tokens), and a long poll's route ends in {@code ?wait}.
 */
final class ExchangeInterceptor implements Interceptor {

    private static final Set<String> ROUTE_LITERALS = Set.of("v2", "keys", "members", "stats", "self", "leader", "store",
            "version", "health", "machines");

    private final Consumer<ClientExchange> listener;

    ExchangeInterceptor(Consumer<ClientExchange> listener) {
        this.listener = listener;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        String route = Routes.template(request.url().encodedPath(), ROUTE_LITERALS)
                + ("true".equals(request.url().queryParameter("wait")) ? "?wait" : "");
        long start = System.nanoTime();
        try {
            Response response = chain.proceed(request);
            tell(request, route, response.code(), response.body() == null ? -1 : response.body().contentLength(), start);
            return response;
        } catch (IOException e) {
            tell(request, route, 0, 0, start);
            throw e;
        }
    }

    private void tell(Request request, String route, int status, long bytes, long start) {
        listener.accept(ClientExchange.http("etcd-v2", request.method(), route, route, status, bytes,
                Duration.ofNanos(System.nanoTime() - start)));
    }
}
