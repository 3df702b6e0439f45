package io.corekube.openstack.heat;

/** The stack or resource does not exist (404). */
public class HeatNotFoundException extends HeatException {

    /** Heat's answer. */
    public HeatNotFoundException(String message, String explanation, String type) {
        super(404, message, explanation, type);
    }
}
