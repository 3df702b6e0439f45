/**
 * etcd for Corekube: connection settings ({@link io.corekube.etcd.EtcdConfig}) and the module's exception root.
 * The v2 keys client is in {@code v2}, discovery in {@code discovery}, the deployment store in {@code store}
 * and flannel's network config and leases in {@code flannel}.
 */
@CorekubeStyle
package io.corekube.etcd;

import io.corekube.CorekubeStyle;
