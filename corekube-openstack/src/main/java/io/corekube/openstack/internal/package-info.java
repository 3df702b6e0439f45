/** Wire details of corekube-openstack: JSON mapping and the HTTP helper. Not public API. */
package io.corekube.openstack.internal;
