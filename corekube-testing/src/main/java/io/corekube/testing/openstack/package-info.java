/**
 * A whole OpenStack on loopback for tests: Debian bookworm's Zed packages (Keystone, Placement, Glance, Nova with its
 * fake virt driver, Neutron with ML2 and no agents, Heat with its convergence engine) on MariaDB and RabbitMQ, every
 * process started by the test kit, its files in a temporary directory.
 */
package io.corekube.testing.openstack;
