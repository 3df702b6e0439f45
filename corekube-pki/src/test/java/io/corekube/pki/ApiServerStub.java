package io.corekube.pki;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.corekube.credentials.CertifiedKey;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * A stand-in for the API server in kubectl tests: TLS with the generated serving certificate on a loopback address,
 * demanding a client certificate from the CA (mutual TLS) or not (bearer tokens), and answering
 * {@code /corekube-check} when the request is allowed; plus the real kubectl (Debian's kubernetes-client, unpacked by
 * {@code bin/setup}) run against a kubeconfig file.
 */
public final class ApiServerStub implements AutoCloseable {

    /** Where bin/setup unpacks Debian's kubernetes-client (it conflicts with other kubectl packages, so it is not installed). */
    public static final Path KUBECTL = Path.of(System.getProperty("corekube.kubectl", "/opt/corekube/kubernetes-client/usr/bin/kubectl"));
    /** What the stub answers to an allowed request. */
    public static final String REACHED = "reached the API server";

    private final HttpsServer server;

    private ApiServerStub(HttpsServer server) {
        this.server = server;
    }

    /**
     * Starts a stub on {@code address}; {@code mutualTls} demands a client certificate from {@code ca};
     * {@code allowed} decides on the request (e.g. its Authorization header).
     */
    public static ApiServerStub start(String address, CertifiedKey serving, CertifiedKey ca, boolean mutualTls,
                                      Predicate<HttpExchange> allowed) throws Exception {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 10);
        SSLContext tls = serverContext(serving, ca);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = tls.getDefaultSSLParameters();
                p.setNeedClientAuth(mutualTls);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/corekube-check", exchange -> {
            boolean ok = allowed.test(exchange);
            byte[] body = (ok ? REACHED : "Unauthorized").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ok ? 200 : 401, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return new ApiServerStub(server);
    }

    /** The stub's URL. */
    public String url() {
        return "https://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** A kubectl run's exit code and output. */
    public record Result(int exit, String output) {
    }

    /** Runs {@code kubectl --kubeconfig <file> get --raw /corekube-check}, bounded to 30 seconds. */
    public static Result kubectl(Path kubeconfig) throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(KUBECTL), KUBECTL + " is missing: run bin/setup (it unpacks Debian's kubernetes-client)");
        Process p = new ProcessBuilder(List.of(KUBECTL.toString(), "--kubeconfig", kubeconfig.toString(), "--request-timeout=10s",
                "get", "--raw", "/corekube-check")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "kubectl did not end");
        return new Result(p.exitValue(), out);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static SSLContext serverContext(CertifiedKey serving, CertifiedKey ca) throws Exception {
        char[] password = "test".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", Pem.readPrivateKey("key", serving.privateKeyPem()), password,
                new Certificate[] {Pem.readCertificate("cert", serving.certificatePem()), Pem.readCertificate("ca", ca.certificatePem())});
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", Pem.readCertificate("ca", ca.certificatePem()));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }
}
