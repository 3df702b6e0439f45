/**
 * CoreOS cloud-config ({@link io.corekube.templates.cloud.CloudConfig}) and the cluster's Heat template
 * ({@link io.corekube.templates.cloud.ClusterTemplate}), written as YAML by Jackson, never by concatenation.
 */
package io.corekube.templates.cloud;
