package io.corekube.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.RetryPolicy;
import io.corekube.value.InvalidValueException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EndpointsAndDeadlinesTest {

    private static final Set<String> HTTP = Set.of("http", "https");

    @Test
    void endpointsNeedAKnownSchemeAHostAndNoUserInformation() {
        assertEquals(URI.create("https://h:2379"), Endpoints.check("endpoint", URI.create("https://h:2379"), HTTP));
        for (String bad : new String[] {"ftp://h/x", "h:2379", "/path", "http:///x", "http://h/?q=1", "http://h/#f", "unix:/x"}) {
            InvalidValueException e = assertThrows(InvalidValueException.class, () -> Endpoints.check("endpoint", URI.create(bad), HTTP), bad);
            assertEquals("endpoint", e.field());
        }
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> Endpoints.check("endpoint", URI.create("http://root:s3cret-CANARY@h:2379/v2"), HTTP));
        assertFalse(e.getMessage().contains("s3cret") || e.getMessage().contains("root"), e.getMessage());
        assertTrue(e.getMessage().contains("http://h:2379/v2"), e.getMessage());
    }

    @Test
    void redactionDropsUserInformationQueryAndFragment() {
        assertEquals("http://h:1/a/b", Endpoints.redact(URI.create("http://u:p@h:1/a/b?token=x#y")));
        assertEquals("https://[::1]:443/x", Endpoints.redact(URI.create("https://u:p@[::1]:443/x")));
        assertEquals("mailto:<opaque>", Endpoints.redact(URI.create("mailto:u@p")));
    }

    @Test
    void timeoutsArePositiveAndAtMostAnHour() {
        assertEquals(Duration.ofSeconds(5), Deadline.check("requestTimeout", Duration.ofSeconds(5)));
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMillis(-1), Duration.ofHours(2),
                Duration.ofSeconds(Long.MAX_VALUE), null}) {
            assertEquals("requestTimeout", assertThrows(InvalidValueException.class,
                    () -> Deadline.check("requestTimeout", bad)).field());
        }
    }

    @Test
    void retriesStopWhenTheDeadlineLeavesNoRoomForTheBackoff() {
        AtomicInteger attempts = new AtomicInteger();
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(100).baseDelay(Duration.ofMillis(40)).maxDelay(Duration.ofMillis(40)).build();
        long start = System.nanoTime();
        assertThrows(IllegalStateException.class, () -> Retries.run(policy, Deadline.after(Duration.ofMillis(300)), d -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("down");
        }, e -> true));
        assertTrue(attempts.get() >= 2 && attempts.get() < 100, attempts + " attempts");
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0);
    }
}
