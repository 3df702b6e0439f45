package io.corekube.spi;

import io.corekube.unit.SubmitOutcome;
import io.corekube.unit.UnitStatus;
import io.corekube.unit.UnitSubmission;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** A scheduler whose writes first pass a {@link WriteFence}; reads go straight through. */
final class FencedUnitScheduler implements UnitScheduler {

    private final UnitScheduler delegate;
    private final WriteFence fence;

    FencedUnitScheduler(UnitScheduler delegate, WriteFence fence) {
        this.delegate = delegate;
        this.fence = fence;
    }

    @Override
    public SubmitOutcome submit(UnitSubmission unit) {
        fence.check("submit unit " + unit.name());
        return delegate.submit(unit);
    }

    @Override
    public boolean destroy(String unitName) {
        fence.check("destroy unit " + unitName);
        return delegate.destroy(unitName);
    }

    @Override
    public List<String> unitNames() {
        return delegate.unitNames();
    }

    @Override
    public Map<String, UnitStatus> observe(Collection<String> unitNames) {
        return delegate.observe(unitNames);
    }
}
