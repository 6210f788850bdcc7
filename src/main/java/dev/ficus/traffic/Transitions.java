package dev.ficus.traffic;

import java.util.List;
import java.util.Optional;

/** Which state changes are allowed, and where gates move a route. Pure functions. */
final class Transitions {

    /** A target state and CANARY percentage. */
    record Target(MigrationState state, int percent) {
        String label() {
            return state == MigrationState.CANARY ? "CANARY(" + percent + "%)" : state.name();
        }
    }

    private Transitions() {
    }

    /**
     * Checks a manual change. Backward moves (rollbacks) are always allowed; forward moves go one state at a time
     * unless the route allows skipping; CANARY needs a percent 0..100, other states take none.
     *
     * @throws TrafficException 400 for a bad percent, 409 for a skip the route does not allow
     */
    static Target check(TrafficRoute route, MigrationState from, MigrationState to, Integer percent) {
        if (to == null) {
            throw new TrafficException(400, "Invalid change", "state is required: one of LEGACY, SHADOW, CANARY, "
                    + "MODERN, RETIRED");
        }
        int p = 0;
        if (to == MigrationState.CANARY) {
            if (percent == null || percent < 0 || percent > 100) {
                throw new TrafficException(400, "Invalid change", "CANARY needs percent from 0 to 100, got "
                        + percent);
            }
            p = percent;
        } else if (percent != null && !(to == MigrationState.MODERN && percent == 100)
                && !(to == MigrationState.LEGACY && percent == 0)) {
            throw new TrafficException(400, "Invalid change", "percent applies only to CANARY, not to " + to);
        }
        if (to.ordinal() > from.ordinal() + 1 && !route.allowSkip()) {
            throw new TrafficException(409, "Invalid transition", "route may not skip from " + from + " to " + to
                    + " (next allowed forward state is " + MigrationState.values()[from.ordinal() + 1]
                    + "; set allow-skip: true in the traffic routes file to permit skipping)");
        }
        return new Target(to, p);
    }

    /** One state back: MODERN → CANARY(largest step below 100), CANARY → SHADOW, SHADOW → LEGACY. */
    static Optional<Target> rollback(RouteState current, TrafficRoute.Gates gates) {
        return switch (current.state()) {
            case SHADOW -> Optional.of(new Target(MigrationState.LEGACY, 0));
            case CANARY -> Optional.of(new Target(MigrationState.SHADOW, 0));
            case MODERN -> {
                List<Integer> steps = gates.autoAdvance().steps();
                int below = steps.stream().filter(s -> s < 100).mapToInt(Integer::intValue).max().orElse(50);
                yield Optional.of(new Target(MigrationState.CANARY, below));
            }
            default -> Optional.empty();
        };
    }

    /** One step forward: SHADOW → CANARY(first step), CANARY(p) → CANARY(next step above p) or MODERN. */
    static Optional<Target> advance(RouteState current, TrafficRoute.Gates gates) {
        List<Integer> steps = gates.autoAdvance().steps();
        return switch (current.state()) {
            case SHADOW -> Optional.of(new Target(MigrationState.CANARY, steps.get(0)));
            case CANARY -> Optional.of(steps.stream().filter(s -> s > current.percent()).findFirst()
                    .map(s -> new Target(MigrationState.CANARY, s))
                    .orElse(new Target(MigrationState.MODERN, 0)));
            default -> Optional.empty();
        };
    }
}
