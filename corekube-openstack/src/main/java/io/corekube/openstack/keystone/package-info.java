/** Keystone v3 authentication: credentials, project scope, tokens and the service catalog. */
package io.corekube.openstack.keystone;
