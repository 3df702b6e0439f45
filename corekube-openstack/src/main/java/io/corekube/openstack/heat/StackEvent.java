package io.corekube.openstack.heat;

/**
 * One event of a stack: a resource (or the stack itself, named like the stack) changed status.
 *
 * @param id the event's ID, the marker to read on from
 * @param time when it happened
 * @param resourceName the resource's name
 * @param physicalResourceId the resource's physical ID
 * @param status action and status, e.g. {@code CREATE_FAILED}
 * @param reason Heat's reason
 */
public record StackEvent(String id, String time, String resourceName, String physicalResourceId, String status,
                         String reason) {
}
