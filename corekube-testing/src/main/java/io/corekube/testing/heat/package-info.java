/**
 * A real OpenStack Heat for tests: {@link io.corekube.testing.heat.HeatServer} runs Debian's {@code heat-all}
 * (API and engine in one process, no Keystone) on a free loopback port.
 */
package io.corekube.testing.heat;
