/** Helpers shared by Corekube's modules; not part of the public API and free to change. */
package io.corekube.internal;
