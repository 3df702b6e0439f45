/** Throw-away TLS material for tests: a CA and certificates for loopback servers and clients. */
package io.corekube.testing.tls;
