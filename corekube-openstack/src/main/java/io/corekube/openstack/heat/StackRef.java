package io.corekube.openstack.heat;

/** A stack by name and ID: how every stack URL is addressed, so no redirect is ever needed. */
public record StackRef(String name, String id) {

    @Override
    public String toString() {
        return name + "/" + id;
    }
}
