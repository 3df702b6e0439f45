package io.corekube.etcd.internal;

import io.corekube.etcd.EtcdConfig;
import io.corekube.internal.PemTls;
import java.time.Duration;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;

/** Builds the OkHttp clients of one {@link EtcdConfig}: timeouts, TLS and basic authentication. */
final class OkHttpClients {

    private OkHttpClients() {
    }

    /** A client for calls that each set their own deadline (see {@link HttpTransport#execute}). */
    static OkHttpClient requests(EtcdConfig config) {
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .connectTimeout(config.connectTimeout())
                .callTimeout(config.requestTimeout())
                .readTimeout(Duration.ZERO)
                .retryOnConnectionFailure(false);
        config.tls().map(PemTls::load).ifPresent(tls -> b.sslSocketFactory(tls.context().getSocketFactory(), tls.trustManager()));
        if (config.user().isPresent()) {
            String header = Credentials.basic(config.user().get(), config.password().orElseThrow().reveal());
            b.addInterceptor(chain -> chain.proceed(chain.request().newBuilder().header("Authorization", header).build()));
        }
        config.exchangeListener().ifPresent(listener -> b.addInterceptor(new ExchangeInterceptor(listener)));
        return b.build();
    }

    /** A client for long polls sharing the pool of {@code base}: no call or read timeout. */
    static OkHttpClient watches(OkHttpClient base) {
        return base.newBuilder().callTimeout(Duration.ZERO).readTimeout(Duration.ZERO).build();
    }
}
