/**
 * The Heat v1 stack API: {@link io.corekube.openstack.heat.HeatClient} creates, previews, validates, lists, shows,
 * updates, patches and deletes stacks, reads outputs, resources and events, signals resources, and waits for
 * an operation to finish while streaming its events.
 */
@CorekubeStyle
package io.corekube.openstack.heat;

import io.corekube.CorekubeStyle;
