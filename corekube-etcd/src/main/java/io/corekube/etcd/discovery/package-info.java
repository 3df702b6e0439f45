/**
 * etcd discovery, the protocol etcd members bootstrap with: create a token with a size, register members,
 * see who is admitted, wait until the cluster is full. {@link io.corekube.etcd.discovery.EtcdDiscovery#v2} speaks
 * the v2 protocol ({@code --discovery}), {@link io.corekube.etcd.discovery.EtcdDiscovery#v3} the etcd 3.6 layout
 * ({@code --discovery-token}).
 */
@CorekubeStyle
package io.corekube.etcd.discovery;

import io.corekube.CorekubeStyle;
