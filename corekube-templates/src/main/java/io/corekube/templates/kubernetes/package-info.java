/**
 * Kubernetes roles as fleet units: {@link io.corekube.templates.kubernetes.KubernetesRoles} is the
 * {@link io.corekube.deploy.RoleCatalog} of the master and minion roles, in two profiles.
 */
package io.corekube.templates.kubernetes;
