package io.corekube.etcd.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DiscoveryTokenTest {

    @Test
    void parsesASelfHostedV2Url() {
        DiscoveryToken t = DiscoveryToken.parseV2Url("http://10.0.0.2:2379/v2/keys/discovery/abc123");
        assertEquals("abc123", t.token());
        assertEquals("/discovery/abc123", t.key());
        assertEquals("http://10.0.0.2:2379/v2/keys/discovery/abc123", t.clusterToken());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " http://h:2379/v2/keys/d/t", "ftp://h/v2/keys/d/t", "http:///v2/keys/d/t",
        "http://h:2379/keys/d/t", "http://h:2379/v2/keys/t", "http://h:2379/v2/keys/d/t?x=1",
        "http://h:2379/v2/keys/d/t#f", "http://h:2379/v2/keys/d/to ken", "http://h:2379/v2/keys/d/t\n",
        "http://h:2379/v2/keys/d/../t", "http://h:2379/v2/keys/d/t%0A", "not a url"})
    void rejectsMalformedUrlsNamingTheProblem(String url) {
        DiscoveryException e = assertThrows(DiscoveryException.class, () -> DiscoveryToken.parseV2Url(url));
        assertEquals(DiscoveryException.Reason.INVALID_URL, e.reason());
        assertTrue(e.getMessage().startsWith("discovery: invalid URL: "), e.getMessage());
    }
}
