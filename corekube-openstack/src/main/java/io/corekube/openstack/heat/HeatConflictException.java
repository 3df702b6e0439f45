package io.corekube.openstack.heat;

/** Heat refused the request because an action is in progress (409). */
public class HeatConflictException extends HeatException {

    /** Heat's answer. */
    public HeatConflictException(String message, String explanation, String type) {
        super(409, message, explanation, type);
    }
}
