package io.corekube.micrometer.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The values one tag may take: the first {@code limit} distinct values as they come, {@link #OTHER} for every later
 * one, so that no input can make a meter registry grow without bound.
 */
public final class BoundedTagValues {

    /** The value that stands for every value past the limit. */
    public static final String OTHER = "other";

    private final int limit;
    private final Set<String> kept = ConcurrentHashMap.newKeySet();

    /** At most {@code limit} distinct values (more than 0). */
    public BoundedTagValues(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        this.limit = limit;
    }

    /** {@code value} when it is kept or there is room for it, else {@link #OTHER}. */
    public String of(String value) {
        if (kept.contains(value)) {
            return value;
        }
        synchronized (kept) {
            if (kept.size() < limit) {
                kept.add(value);
                return value;
            }
        }
        return OTHER;
    }
}
