/**
 * A fleet for tests without Go or etcd: {@link io.corekube.testing.fleet.FleetSimulator} serves fleet's v1 API
 * over TCP and a Unix socket, with simulated machines, scheduling and systemd states, and fault injection.
 */
package io.corekube.testing.fleet;
