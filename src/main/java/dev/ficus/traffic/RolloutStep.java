package dev.ficus.traffic;

/**
 * One step of a planned rollout: the route serves {@code percent} % of its business keys from the modern side
 * (CANARY) for at least {@code pauseMs}, then the gates advance it while they hold. The same record is a step of a
 * plan in the traffic routes file ({@code rollout.steps[]}: {@code percent}, {@code pause-ms}, {@code pause}) and in
 * the admin API's JSON ({@code {"percent":1,"pauseMs":60000,"pause":false}}).
 *
 * @param percent CANARY share of business keys the modern side serves during the step, 1..100; a plan's
 *                percentages rise ({@link RolloutSteps#check})
 * @param pauseMs how long the step lasts at least before the gates may advance it, ms, 0..2592000000 (30 days,
 *                {@link RolloutSteps#MAX_PAUSE_MS}; default 60000)
 * @param pause   whether the step waits for a person: entering it pauses the rollout until it is promoted (next
 *                step now) or resumed (the gates advance it after {@code pauseMs}); default {@code false}
 */
public record RolloutStep(Integer percent, Long pauseMs, Boolean pause) {

    /** Fills defaults. */
    public RolloutStep {
        pauseMs = pauseMs == null ? 60_000L : pauseMs;
        pause = pause != null && pause;
    }
}
