/**
 * Corekube templates module: placeholder until its issue lands (see the README's module table).
 */
package io.corekube.templates;
