/**
 * What machines download (Kubernetes, etcd, fleet, flannel and CNI releases) and how each download is verified: a
 * pinned digest with the place it was published, a digest the user supplies, or an explicit, reported choice to go
 * unverified.
 */
package io.corekube.templates.download;
