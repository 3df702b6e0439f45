/**
 * Value kinds: URL, hex digest, IP address, CIDR, DNS name, file path, systemd unit name and plain text, each
 * with the one validator that decides what it may hold. Rendered artifacts (units, cloud-configs, HOT templates,
 * flannel JSON) accept only validated kinds; a value that does not fit is an {@link
 * io.corekube.value.InvalidValueException} naming the field.
 */
package io.corekube.value;
