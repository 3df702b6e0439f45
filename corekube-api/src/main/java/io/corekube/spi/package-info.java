/**
 * The ports the role-deployment engine drives: where machines come from, where units run, where progress is
 * recorded, and who creates the machines. Adapters (fleet, etcd, OpenStack) and test doubles implement them.
 */
package io.corekube.spi;
