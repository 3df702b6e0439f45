package io.corekube.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.Secret;
import io.corekube.fuzz.ScriptedHttpServer;
import io.corekube.openstack.heat.HeatClient;
import io.corekube.openstack.heat.StackRef;
import io.corekube.openstack.heat.StackRequest;
import io.corekube.openstack.keystone.Keystone;
import io.corekube.openstack.keystone.KeystoneCredentials;
import io.corekube.value.InvalidValueException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The OpenStack clients refuse what would misaddress, misreport or leak, each with a typed error. */
class OpenStackHardeningTest {

    @Test
    void stackReferencesCannotAddressAnotherUrl() {
        for (String id : new String[] {"..", ".", "", "a/b", "a b", "a%2F", "a\nb"}) {
            assertEquals("stack id", assertThrows(InvalidValueException.class, () -> new StackRef("s", id)).field(), id);
        }
        for (String name : new String[] {"..", "1abc", "a/b", "", "a".repeat(256)}) {
            assertEquals("stack name", assertThrows(InvalidValueException.class, () -> new StackRef(name, "id")).field(), name);
        }
        assertEquals("s/0f1e-9", new StackRef("s", "0f1e-9").toString());
    }

    @Test
    void aCreateReplyWithoutAnIdIsMalformedAndASignalThatIsNotJsonIsNeverSent() throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        try (ScriptedHttpServer server = ScriptedHttpServer.start(r -> {
                requests.add(r);
                return new ScriptedHttpServer.Reply(201, java.util.Map.of(), "{\"stack\":{\"links\":[]}}");
            });
             HeatClient heat = HeatClient.builder().endpoint(server.url().resolve("/v1/p")).build()) {
            OpenStackMalformedReplyException e = assertThrows(OpenStackMalformedReplyException.class,
                    () -> heat.create(StackRequest.builder().name("s").template("heat_template_version: 2016-10-14").build()));
            assertTrue(e.getMessage().contains("'id'"), e.getMessage());
            assertFalse(e.isRetryable());
            assertEquals("jsonBody", assertThrows(InvalidValueException.class,
                    () -> heat.signal(new StackRef("s", "1"), "handle", "not json")).field());
            assertEquals(1, requests.size(), requests.toString());
        }
    }

    @Test
    void aWaitPastItsDeadlineIsATimeoutThatIsNotRetryable() throws Exception {
        try (ScriptedHttpServer server = ScriptedHttpServer.start(r -> ScriptedHttpServer.Reply.json(r.contains("/events")
                ? "{\"events\":[]}" : "{\"stack\":{\"id\":\"1\",\"stack_name\":\"s\",\"stack_status\":\"CREATE_IN_PROGRESS\"}}"));
             HeatClient heat = HeatClient.builder().endpoint(server.url().resolve("/v1/p"))
                     .pollInterval(Duration.ofMillis(20), Duration.ofMillis(50)).build()) {
            OpenStackTimeoutException e = assertThrows(OpenStackTimeoutException.class,
                    () -> heat.awaitCompletion(new StackRef("s", "1"), Duration.ofMillis(300), event -> { }));
            assertFalse(e.isRetryable());
            assertEquals(Duration.ofMillis(300), e.deadline());
        }
    }

    @Test
    void endpointsAndTimeoutsAreCheckedWhenTheClientsAreBuiltWithoutShowingAPassword() {
        KeystoneCredentials credentials = KeystoneCredentials.passwordById("u", Secret.of("p"));
        InvalidValueException userinfo = assertThrows(InvalidValueException.class,
                () -> Keystone.builder(URI.create("https://admin:CANARY-pw@keystone:5000/v3"), credentials).build());
        assertFalse(userinfo.getMessage().contains("CANARY"), userinfo.getMessage());
        assertEquals("authUrl", assertThrows(InvalidValueException.class,
                () -> Keystone.builder(URI.create("ftp://keystone/v3"), credentials).build()).field());
        assertEquals("timeout", assertThrows(InvalidValueException.class, () -> Keystone.builder(URI.create("https://k:5000"),
                credentials).timeout(Duration.ofSeconds(Long.MAX_VALUE)).build()).field());
        assertEquals("endpoint", assertThrows(InvalidValueException.class,
                () -> HeatClient.builder().endpoint(URI.create("ftp://heat/v1")).build()).field());
        assertEquals("timeout", assertThrows(InvalidValueException.class,
                () -> HeatClient.builder().endpoint(URI.create("http://heat/v1")).timeout(Duration.ZERO).build()).field());
    }
}
