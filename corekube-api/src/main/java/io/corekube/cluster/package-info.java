/** Machines of a cluster and what happens to them: joins, metadata changes, departures. */
@CorekubeStyle
package io.corekube.cluster;

import io.corekube.CorekubeStyle;
