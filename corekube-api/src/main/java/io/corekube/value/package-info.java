/**
 * Value kinds: URL ({@link io.corekube.value.HttpUrl}), hex digest, IPv4 address and CIDR, DNS name, file path,
 * systemd unit name ({@link io.corekube.unit.UnitName}) and plain text, each
 * with the one validator that decides what it may hold. Rendered artifacts (units, cloud-configs, HOT templates,
 * flannel JSON) accept only validated kinds; a value that does not fit is an {@link
 * io.corekube.value.InvalidValueException} naming the field.
 */
package io.corekube.value;
