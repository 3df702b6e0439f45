package io.corekube.testing.tls;

import io.corekube.TlsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away CA with one server certificate (for {@code 127.0.0.1} and {@code localhost}) and one client
 * certificate, made with the {@code openssl} command in a directory of the caller's choosing. Keys are
 * unencrypted PKCS#8 PEM, as {@link TlsConfig} and etcd want them.
 */
public final class TestCertificates {

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** Creates the CA and both certificates in {@code dir}; needs {@code openssl} on the PATH. */
    public static TestCertificates create(Path dir) {
        TestCertificates certs = new TestCertificates(dir);
        certs.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-days", "2", "-subj", "/CN=corekube-test-ca");
        certs.issue("server", "127.0.0.1", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n");
        certs.issue("client", "root", "extendedKeyUsage=clientAuth\n");
        return certs;
    }

    /** The CA certificate. */
    public Path caCertificate() {
        return dir.resolve("ca.pem");
    }

    /** The server certificate, valid for 127.0.0.1 and localhost. */
    public Path serverCertificate() {
        return dir.resolve("server.pem");
    }

    /** The server's private key. */
    public Path serverKey() {
        return dir.resolve("server.key");
    }

    /** The client certificate (common name {@code root}). */
    public Path clientCertificate() {
        return dir.resolve("client.pem");
    }

    /** The client's private key. */
    public Path clientKey() {
        return dir.resolve("client.key");
    }

    /** Client TLS settings: trust the CA and present the client certificate. */
    public TlsConfig clientTls() {
        return TlsConfig.builder().caCertificate(caCertificate()).clientCertificate(clientCertificate())
                .clientKey(clientKey()).build();
    }

    private void issue(String name, String commonName, String extensions) {
        try {
            Files.writeString(dir.resolve(name + ".ext"), extensions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", "/CN=" + commonName);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext");
    }

    private void openssl(String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("openssl failed: " + command + "\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run openssl (install it with 'apt-get install openssl'): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
