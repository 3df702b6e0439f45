package io.corekube.openstack.keystone;

/**
 * One endpoint of the service catalog.
 *
 * @param type the service type, e.g. {@code orchestration}
 * @param iface {@code public}, {@code internal} or {@code admin}
 * @param region the region ID (or name in older catalogs)
 * @param url the endpoint's URL (for Heat it ends with {@code /v1/<project_id>})
 */
public record ServiceEndpoint(String type, String iface, String region, String url) {
}
