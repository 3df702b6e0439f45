/**
 * What users need to test code built on Corekube against real sockets: launchers for real servers
 * ({@code etcd}, {@code heat}), the fleet simulator ({@code fleet}), contract suites ({@code contract}) and the
 * base of the JUnit 5 extensions.
 */
package io.corekube.testing;
