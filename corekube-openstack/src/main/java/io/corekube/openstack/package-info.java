/**
 * OpenStack for Corekube: Keystone v3 authentication ({@code keystone}), the Heat v1 stack API ({@code heat}) and
 * {@link io.corekube.openstack.HeatClusterProvisioner}, the engine's provisioner on Heat. Errors derive from
 * {@link io.corekube.openstack.OpenStackException}.
 */
package io.corekube.openstack;
