package io.corekube.openstack.keystone;

import io.corekube.openstack.OpenStackException;

/** Keystone refused the credentials or the scope (401, 403), or the catalog lacks the service asked for. */
public class KeystoneAuthException extends OpenStackException {

    /** A refusal with Keystone's status and message (never the secret). */
    public KeystoneAuthException(String message, int status) {
        super(message, status);
    }
}
