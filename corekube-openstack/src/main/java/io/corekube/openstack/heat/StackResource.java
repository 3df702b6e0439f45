package io.corekube.openstack.heat;

import java.util.Map;

/**
 * A resource of a stack.
 *
 * @param name the logical name
 * @param type the resource type, e.g. {@code OS::Heat::WaitCondition}
 * @param status action and status
 * @param reason Heat's reason for the status
 * @param physicalId the physical resource ID
 * @param attributes attributes asked for with {@code with_attr}, as JSON text
 */
public record StackResource(String name, String type, String status, String reason, String physicalId,
                            Map<String, String> attributes) {
}
