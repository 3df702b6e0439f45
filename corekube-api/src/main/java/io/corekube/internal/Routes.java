package io.corekube.internal;

import java.util.Set;

/** A request path with its variable segments replaced by {@code *}: the same route for every unit, key or stack. */
public final class Routes {

    private Routes() {
    }

    /**
     * {@code path} with every segment that is not one of {@code literals} replaced by {@code *}, and runs of such
     * segments made one: {@code /v1/p1/stacks/s/i1/events} with literals {@code v1, stacks, events} is
     * {@code /v1/* /stacks/* /events} (without the spaces).
     */
    public static String template(String path, Set<String> literals) {
        StringBuilder route = new StringBuilder();
        boolean variable = false;
        for (String segment : path.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (literals.contains(segment)) {
                route.append('/').append(segment);
                variable = false;
            } else if (!variable) {
                route.append("/*");
                variable = true;
            }
        }
        return route.length() == 0 ? "/" : route.toString();
    }
}
