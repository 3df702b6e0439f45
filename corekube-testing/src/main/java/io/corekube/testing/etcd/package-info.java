/**
 * A real etcd for tests: {@link io.corekube.testing.etcd.EtcdServer} runs Debian's {@code /usr/bin/etcd} on free
 * loopback ports, {@link io.corekube.testing.etcd.EtcdCluster} forms several members, and
 * {@link io.corekube.testing.etcd.EtcdServerExtension} hands a server to JUnit 5 tests.
 */
package io.corekube.testing.etcd;
