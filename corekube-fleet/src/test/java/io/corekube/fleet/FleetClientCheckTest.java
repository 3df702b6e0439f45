package io.corekube.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.corekube.value.InvalidValueException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The fleet client's settings are checked when it is built, typed, without showing a password. */
class FleetClientCheckTest {

    @Test
    void badEndpointsAndTimeoutsAreRefusedAtBuild() {
        assertEquals("endpoint", assertThrows(InvalidValueException.class,
                () -> FleetClient.builder().endpoint(URI.create("ftp://h:10001")).build()).field());
        InvalidValueException userinfo = assertThrows(InvalidValueException.class,
                () -> FleetClient.builder().endpoint(URI.create("http://u:CANARY@h:10001")).build());
        assertFalse(userinfo.getMessage().contains("CANARY"), userinfo.getMessage());
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMillis(-5), Duration.ofSeconds(Long.MAX_VALUE)}) {
            assertEquals("requestTimeout", assertThrows(InvalidValueException.class, () -> FleetClient.builder()
                    .endpoint(URI.create("http://h:10001")).requestTimeout(bad).build()).field());
            assertEquals("connectTimeout", assertThrows(InvalidValueException.class, () -> FleetClient.builder()
                    .endpoint(URI.create("http://h:10001")).connectTimeout(bad).build()).field());
        }
        assertEquals("endpoint", assertThrows(InvalidValueException.class, () -> FleetClient.builder().build()).field());
    }
}
