/**
 * What users need to test code built on Corekube against real sockets: launchers for real servers and
 * JUnit 5 extensions on top of them. The etcd launcher is in {@code etcd}.
 */
package io.corekube.testing;
