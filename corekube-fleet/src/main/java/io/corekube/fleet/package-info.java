/**
 * Corekube fleet module: placeholder until its issue lands (see the README's module table).
 */
package io.corekube.fleet;
