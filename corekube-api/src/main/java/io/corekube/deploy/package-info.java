/**
 * Deployment state: what was deployed on which machine, recorded durably so that any engine process can
 * continue after another stops; and an in-memory store for embedding and tests.
 */
@CorekubeStyle
package io.corekube.deploy;

import io.corekube.CorekubeStyle;
