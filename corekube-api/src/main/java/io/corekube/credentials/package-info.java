/**
 * A cluster's credentials as values: certificates and keys in PEM, private parts wrapped in {@link io.corekube.Secret}.
 * The SDK makes them (corekube-pki) so that the caller holds the admin credentials; they reach machines through
 * their boot data, never through fleet.
 */
package io.corekube.credentials;
