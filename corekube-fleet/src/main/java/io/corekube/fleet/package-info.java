/**
 * fleet for Corekube: {@link io.corekube.fleet.FleetClient}, the whole fleet v1 API over TCP (http, https) or
 * fleet's Unix socket, and its adapters to the engine's ports ({@link io.corekube.fleet.FleetUnitScheduler},
 * {@link io.corekube.fleet.FleetMachineRegistry}).
 */
@CorekubeStyle
package io.corekube.fleet;

import io.corekube.CorekubeStyle;
