package io.corekube.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.openstack.heat.HeatClient;
import io.corekube.openstack.heat.StackListQuery;
import io.corekube.openstack.keystone.Keystone;
import io.corekube.openstack.keystone.KeystoneAuthException;
import io.corekube.openstack.keystone.KeystoneCredentials;
import io.corekube.openstack.keystone.ProjectScope;
import io.corekube.testing.openstack.OpenStackServer;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The SDK's Keystone v3 client against a real Keystone 22 with a real catalog: password and application-credential
 * authentication, the endpoint chosen by type, interface and region, a fresh token before expiry and after Keystone
 * revoked the current one (a 401 from Heat, then one new authentication).
 */
abstract class RealKeystoneChecks {

    @Test
    void passwordAuthGivesAProjectTokenAndTheCatalogsEndpointsByInterfaceAndRegion(OpenStackServer cloud) {
        System.out.printf("OpenStack test cloud: started in %.1f s, %,d MB resident%n", cloud.startTime().toMillis() / 1000.0,
                cloud.residentBytes() >> 20);
        try (Keystone keystone = userKeystone(cloud).build()) {
            assertTrue(keystone.token().length() > 20);
            URI heat = keystone.endpoint("orchestration", "public", Optional.of("RegionOne"));
            assertEquals(URI.create(cloud.heatUrl(cloud.projectId())), heat, "Keystone fills the project into Heat's URL");
            assertEquals(heat, keystone.endpoint("orchestration", "internal", Optional.empty()));
            KeystoneAuthException noRegion = assertThrows(KeystoneAuthException.class,
                    () -> keystone.endpoint("orchestration", "public", Optional.of("RegionTwo")));
            assertTrue(noRegion.getMessage().contains("orchestration/public/RegionOne"), noRegion.getMessage());
        }
        KeystoneAuthException wrong = assertThrows(KeystoneAuthException.class, () -> Keystone.builder(cloud.keystoneUrl(),
                KeystoneCredentials.passwordByName(OpenStackServer.PROJECT, "default", io.corekube.Secret.of("wrong")))
                .scope(ProjectScope.byName(OpenStackServer.PROJECT, "default")).build().token());
        assertEquals(java.util.OptionalInt.of(401), wrong.status());
        assertTrue(!wrong.getMessage().contains("wrong"), "no password in the message: " + wrong.getMessage());
    }

    @Test
    void anApplicationCredentialAuthenticatesWithItsOwnScope(OpenStackServer cloud) {
        OpenStackServer.ApplicationCredential credential = cloud.applicationCredential("corekube-it");
        try (Keystone keystone = Keystone.builder(cloud.keystoneUrl(),
                KeystoneCredentials.applicationCredential(credential.id(), credential.secret())).build()) {
            assertEquals(URI.create(cloud.heatUrl(cloud.projectId())), keystone.endpoint("orchestration", "public", Optional.empty()));
        }
    }

    @Test
    void aTokenIsRenewedBeforeItExpiresAndAfterKeystoneRevokedIt(OpenStackServer cloud) {
        try (Keystone early = userKeystone(cloud).refreshWindow(Duration.ofHours(1)).build()) {
            assertTrue(!early.token().equals(early.token()), "a token that expires within the window is renewed at once");
        }
        try (Keystone keystone = userKeystone(cloud).build();
             HeatClient heat = HeatClient.builder().keystone(keystone).build()) {
            heat.list(StackListQuery.all());
            String first = keystone.token();
            assertTrue(first.equals(keystone.token()), "a valid token is kept");
            cloud.revoke(first);
            heat.list(StackListQuery.all());
            assertTrue(!first.equals(keystone.token()), "Heat's 401 made the client authenticate again");
        }
    }

    static Keystone.Builder userKeystone(OpenStackServer cloud) {
        return Keystone.builder(cloud.keystoneUrl(), KeystoneCredentials.passwordByName(OpenStackServer.PROJECT, "default",
                cloud.userPassword())).scope(ProjectScope.byName(OpenStackServer.PROJECT, "default"));
    }
}
