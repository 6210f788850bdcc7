package dev.ficus.traffic;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A route's planned rollout as stored in {@code ficus.traffic_rollout} ({@code V51}).
 *
 * @param id            the plan's id (a route's newest plan is its rollout)
 * @param routeId       the route
 * @param status        where the plan stands
 * @param steps         the CANARY steps, percentages rising; after the last: MODERN
 * @param currentStep   index of the step the route is at (the last one once completed)
 * @param stepStartedAt when the current step began (database time)
 * @param stateVersion  the {@code traffic_route_state.version} the plan's last change made; another version means
 *                      the route was changed outside the plan
 * @param reason        the reason of the plan's newest event
 * @param version       the row's optimistic version: a change applies only to the version it was decided on
 */
record Rollout(long id, String routeId, Status status, List<RolloutStep> steps, int currentStep,
               Instant stepStartedAt, long stateVersion, String reason, long version) {

    /** Where a plan stands; running and paused plans are active (at most one per route). */
    enum Status {
        RUNNING, PAUSED, ABORTED, COMPLETED;

        /** @return whether the plan still drives its route */
        boolean active() {
            return this == RUNNING || this == PAUSED;
        }

        /** @return the admin API's name: {@code running}, {@code paused}, {@code aborted}, {@code completed} */
        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    Rollout {
        steps = List.copyOf(steps);
    }

    /** @return the step the route is at */
    RolloutStep step() {
        return steps.get(currentStep);
    }

    /** @return e.g. {@code step 2 of 4 (5%)} */
    String stepLabel(int index) {
        return "step " + (index + 1) + " of " + steps.size() + " (" + steps.get(index).percent() + "%)";
    }
}
