/**
 * Pure generators of Corekube (no network code): the flannel network config ({@code flannel}); Kubernetes role
 * units, CoreOS cloud-config and the cluster's Heat template follow.
 */
package io.corekube.templates;
