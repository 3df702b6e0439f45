/**
 * Corekube for Java: bootstrap Kubernetes clusters from Java code. The ports the engine drives are in
 * {@link io.corekube.spi}; shared client settings ({@link io.corekube.RetryPolicy}, {@link io.corekube.TlsConfig},
 * {@link io.corekube.Secret}) live here.
 */
package io.corekube;
