/** Plumbing of the test kit (an HTTP/1.1 server over TCP and Unix sockets). Not public API. */
package io.corekube.testing.internal;
