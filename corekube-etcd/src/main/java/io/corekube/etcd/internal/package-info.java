/** Wire details of corekube-etcd: HTTP transport, JSON shapes, key layouts. Not public API. */
package io.corekube.etcd.internal;
