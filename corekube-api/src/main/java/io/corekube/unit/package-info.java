/** systemd units as the engine schedules them: options, desired states, observed states. */
@CorekubeStyle
package io.corekube.unit;

import io.corekube.CorekubeStyle;
