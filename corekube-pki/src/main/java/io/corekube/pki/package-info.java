/**
 * The cluster's PKI, made by the SDK with BouncyCastle (this module only): {@link io.corekube.pki.ClusterPki} makes
 * {@link io.corekube.credentials.ClusterCredentials}, {@link io.corekube.pki.Kubeconfigs} writes kubeconfigs.
 */
package io.corekube.pki;
