/**
 * flannel's network config and subnet leases in etcd: publish the config where flanneld reads it (the v2 API
 * for flannel up to 0.17, v3 from 0.18 on) and list the leases flanneld daemons hold.
 */
@CorekubeStyle
package io.corekube.etcd.flannel;

import io.corekube.CorekubeStyle;
