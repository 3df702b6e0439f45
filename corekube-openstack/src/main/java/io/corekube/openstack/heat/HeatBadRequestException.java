package io.corekube.openstack.heat;

/** Heat refused the request as invalid (400), e.g. a template that fails validation. */
public class HeatBadRequestException extends HeatException {

    /** Heat's answer. */
    public HeatBadRequestException(String message, String explanation, String type) {
        super(400, message, explanation, type);
    }
}
