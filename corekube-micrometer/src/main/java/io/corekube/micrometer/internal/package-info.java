/** Helpers of the Micrometer binding; not API. */
package io.corekube.micrometer.internal;
