/**
 * An optional Micrometer binding: {@link io.corekube.micrometer.DeploymentMetrics} is a deployment listener and
 * {@link io.corekube.micrometer.ClientMetrics} an exchange listener for the fleet, etcd and Heat clients. Only users
 * who add this module get Micrometer on their class path.
 */
package io.corekube.micrometer;
