/**
 * flannel's network config: {@link io.corekube.templates.flannel.FlannelConfig} builds, parses and validates it with
 * flannel v0.17.0's own rules and messages, and derives capacity, MTU, subnet.env and docker options.
 */
package io.corekube.templates.flannel;
