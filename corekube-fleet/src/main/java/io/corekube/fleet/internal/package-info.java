/** Wire details of corekube-fleet: fleet's JSON shapes and the Unix socket transport. Not public API. */
package io.corekube.fleet.internal;
