package dev.ficus.traffic;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code traffic.rollout:} block of {@code application.yml}: where planned rollouts ({@link TrafficRollouts})
 * send their notifications. Every default is there, beside its environment variable; this record repeats none.
 *
 * @param webhookUrl           URL each rollout event is POSTed to as a CloudEvent (JSON, structured mode); empty:
 *                             no notifications (env {@code TRAFFIC_ROLLOUT_WEBHOOK_URL})
 * @param webhookTimeoutMs     time to connect and, again, to get the answer of one attempt, ms
 * @param webhookRetries       attempts after the first one fails (an error, a timeout or a status other than 2xx)
 * @param webhookRetryDelayMs  wait before the first retry, ms; doubled before each further one
 * @param webhookQueueCapacity events waiting to be sent; beyond it an event is dropped (counted)
 */
@ConfigurationProperties("traffic.rollout")
public record RolloutProperties(String webhookUrl, long webhookTimeoutMs, int webhookRetries,
                                long webhookRetryDelayMs, int webhookQueueCapacity) {
}
