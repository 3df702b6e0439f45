package io.corekube.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corekube.Secret;
import io.corekube.credentials.CertifiedKey;
import io.corekube.credentials.ClusterCredentials;
import io.corekube.value.InvalidValueException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated PKI, checked with the real openssl: every certificate verifies against the CA, each key matches its
 * certificate, and {@code openssl x509} shows the SANs, key usages and CN/O each component needs.
 */
class ClusterPkiTest {

    private static ClusterCredentials pki;

    @BeforeAll
    static void generate() {
        pki = ClusterPki.builder().serviceCidr("10.1.0.0/16").clusterDomain("kube.local").masterAddress("10.10.10.4")
                .masterAddress("203.0.113.7").extraName("api.example.com").build().generate();
    }

    @Test
    void everyCertificateVerifiesAgainstTheCaAndMatchesItsKey(@TempDir Path dir) throws Exception {
        Path ca = write(dir, "ca.crt", pki.ca().certificatePem());
        Map<String, CertifiedKey> all = all();
        for (Map.Entry<String, CertifiedKey> e : all.entrySet()) {
            Path cert = write(dir, e.getKey() + ".crt", e.getValue().certificatePem());
            Path key = write(dir, e.getKey() + ".key", e.getValue().privateKeyPem().reveal());
            assertEquals(cert + ": OK", openssl("verify", "-CAfile", ca.toString(), cert.toString()).strip(), e.getKey());
            assertEquals(openssl("x509", "-in", cert.toString(), "-noout", "-pubkey"),
                    openssl("pkey", "-in", key.toString(), "-pubout"), e.getKey() + ": the key is the certificate's");
        }
        Path foreign = write(dir, "foreign.crt", ClusterPki.builder().build().generate().ca().certificatePem());
        String refused = openssl("verify", "-CAfile", foreign.toString(), dir.resolve("admin.crt").toString());
        assertFalse(refused.strip().endsWith(": OK"), refused);
        assertTrue(openssl("x509", "-in", ca.toString(), "-noout", "-ext", "basicConstraints,keyUsage").contains("CA:TRUE"));
    }

    @Test
    void theApiServerCertificateNamesEveryWayClientsReachIt(@TempDir Path dir) throws Exception {
        Path cert = write(dir, "apiserver.crt", pki.apiServer().certificatePem());
        String ext = openssl("x509", "-in", cert.toString(), "-noout", "-ext", "subjectAltName,keyUsage,extendedKeyUsage");
        for (String san : List.of("DNS:kubernetes", "DNS:kubernetes.default", "DNS:kubernetes.default.svc",
                "DNS:kubernetes.default.svc.kube.local", "DNS:api.example.com", "IP Address:10.1.0.1",
                "IP Address:10.10.10.4", "IP Address:203.0.113.7")) {
            assertTrue(ext.contains(san + ",") || ext.contains(san + "\n") || ext.strip().endsWith(san), san + " in\n" + ext);
        }
        assertTrue(ext.contains("TLS Web Server Authentication"), ext);
        assertTrue(ext.contains("Digital Signature"), ext);
    }

    @Test
    void clientsCarryTheUserAndGroupKubernetesAuthorizesBy(@TempDir Path dir) throws Exception {
        Map<String, String[]> expected = new LinkedHashMap<>();
        expected.put("admin", new String[] {"CN = kubernetes-admin", "O = system:masters"});
        expected.put("kube-controller-manager", new String[] {"CN = system:kube-controller-manager"});
        expected.put("kube-scheduler", new String[] {"CN = system:kube-scheduler"});
        expected.put("kube-proxy", new String[] {"CN = system:kube-proxy"});
        expected.put("apiserver-kubelet-client", new String[] {"CN = kube-apiserver-kubelet-client", "O = system:masters"});
        Map<String, CertifiedKey> all = all();
        for (Map.Entry<String, String[]> e : expected.entrySet()) {
            Path cert = write(dir, e.getKey() + ".crt", all.get(e.getKey()).certificatePem());
            String subject = openssl("x509", "-in", cert.toString(), "-noout", "-subject");
            for (String part : e.getValue()) {
                assertTrue(subject.contains(part), e.getKey() + ": " + subject);
            }
            String usage = openssl("x509", "-in", cert.toString(), "-noout", "-ext", "extendedKeyUsage");
            assertTrue(usage.contains("TLS Web Client Authentication"), e.getKey() + ": " + usage);
        }
    }

    @Test
    void kubeletsGetAFreshBootstrapTokenInTheApiServersFormat() {
        ClusterCredentials other = ClusterPki.builder().build().generate();
        assertTrue(pki.bootstrapToken().token().reveal().matches("[a-z0-9]{6}\\.[a-z0-9]{16}"), "token format");
        assertFalse(pki.bootstrapToken().token().equals(other.bootstrapToken().token()), "each cluster its own token");
        assertEquals("BootstrapToken[" + pki.bootstrapToken().id() + ".****]", pki.bootstrapToken().toString());
        assertFalse(pki.toString().contains(pki.bootstrapToken().secret().reveal()), pki.toString());
        assertEquals("bootstrap token secret", assertThrows(InvalidValueException.class,
                () -> new io.corekube.credentials.BootstrapToken("abcdef", Secret.of("UPPER-case-token"))).field());
    }

    @Test
    void theServiceAccountKeyPairIsOnePair(@TempDir Path dir) throws Exception {
        Path key = write(dir, "sa.key", pki.serviceAccountPrivateKeyPem().reveal());
        assertEquals(pki.serviceAccountPublicKeyPem(), openssl("pkey", "-in", key.toString(), "-pubout"));
    }

    @Test
    void aCallersOwnCaSignsEverything(@TempDir Path dir) throws Exception {
        CertifiedKey own = pki.ca();
        ClusterCredentials second = ClusterPki.builder().ca(own).build().generate();
        assertEquals(own, second.ca());
        Path ca = write(dir, "ca.crt", own.certificatePem());
        Path cert = write(dir, "n.crt", second.clients().get("kube-proxy").certificatePem());
        assertEquals(cert + ": OK", openssl("verify", "-CAfile", ca.toString(), cert.toString()).strip());
        assertEquals("ca certificate", assertThrows(InvalidValueException.class, () -> ClusterPki.builder()
                .ca(new CertifiedKey("bad", second.apiServer().certificatePem(), second.apiServer().privateKeyPem()))).field());
        assertEquals("ca private key", assertThrows(InvalidValueException.class, () -> ClusterPki.builder()
                .ca(new CertifiedKey("bad", own.certificatePem(), Secret.of("not a key")))).field());
    }

    @Test
    void theAdminKubeconfigEmbedsCaAndClientAndNoKeyIsShown() throws Exception {
        Secret kubeconfig = Kubeconfigs.of(pki, pki.clients().get(ClusterCredentials.ADMIN), "https://10.10.10.4:6443", "corekube");
        JsonNode k = new ObjectMapper().readTree(kubeconfig.reveal());
        assertEquals("https://10.10.10.4:6443", k.at("/clusters/0/cluster/server").asText());
        assertEquals(pki.ca().certificatePem(), decode(k.at("/clusters/0/cluster/certificate-authority-data").asText()));
        assertEquals(pki.clients().get("admin").privateKeyPem().reveal(), decode(k.at("/users/0/user/client-key-data").asText()));
        assertEquals("kubernetes-admin@corekube", k.path("current-context").asText());
        assertEquals("****", kubeconfig.toString());
        for (Object shown : List.of(pki, pki.ca(), pki.apiServer())) {
            assertFalse(shown.toString().contains("PRIVATE KEY"), shown.toString());
        }
        assertThrows(InvalidValueException.class, () -> Kubeconfigs.of(pki, pki.ca(), "http://10.10.10.4:8080", "c"));
    }

    @Test
    void valuesAreCheckedByKind() {
        assertEquals("serviceCidr", assertThrows(InvalidValueException.class, () -> ClusterPki.builder().serviceCidr("10.1.0.0/33")).field());
        assertEquals("extraName", assertThrows(InvalidValueException.class, () -> ClusterPki.builder().extraName("a b")).field());
        assertEquals("masterAddress", assertThrows(InvalidValueException.class, () -> ClusterPki.builder().masterAddress("x")).field());
        assertEquals("validity", assertThrows(InvalidValueException.class,
                () -> ClusterPki.builder().validity(java.time.Duration.ofDays(4000))).field());
    }

    private static Map<String, CertifiedKey> all() {
        Map<String, CertifiedKey> all = new LinkedHashMap<>(pki.clients());
        all.put("apiserver", pki.apiServer());
        all.put("apiserver-kubelet-client", pki.apiServerKubeletClient());
        return all;
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static Path write(Path dir, String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    static String openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "openssl did not end");
        return out;
    }
}
