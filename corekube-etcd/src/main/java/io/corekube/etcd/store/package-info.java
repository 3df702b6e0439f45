/** The engine's durable {@link io.corekube.spi.DeploymentStore} on etcd v3, with leader election. */
package io.corekube.etcd.store;
