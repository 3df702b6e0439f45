/**
 * A small client for etcd's v2 keys API ({@code /v2/keys}), the API etcd discovery and flannel up to 0.17
 * speak: reads, writes with every precondition, TTLs, and watches that never lose an event.
 */
@CorekubeStyle
package io.corekube.etcd.v2;

import io.corekube.CorekubeStyle;
