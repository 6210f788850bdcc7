package dev.ficus.platform.events;

import org.apache.activemq.artemis.api.core.Message;

/**
 * Names of the JMS message properties (Camel headers) Ficus sets on every CloudEvent it publishes to Artemis, shared
 * by change data capture and POS ingest. The body of such a message is always the structured-mode event
 * ({@link CloudEventWriter#MEDIA_TYPE}); the {@code ce_*} properties copy some of its attributes so that consumers
 * can select messages without reading the body.
 */
public final class EventHeaders {

    /**
     * Artemis's duplicate-detection property ({@code _AMQ_DUPL_ID}, Artemis's
     * {@link Message#HDR_DUPLICATE_DETECTION_ID}): Ficus sets it to the CloudEvents {@code id}, so the broker drops a
     * second message with the same id sent to the same address (within the address's {@code id-cache-size}).
     */
    public static final String DUPLICATE_ID = Message.HDR_DUPLICATE_DETECTION_ID.toString();
    /** JMS message group ({@code JMSXGroupID}): messages of one group are consumed in order by one consumer. */
    public static final String GROUP_ID = "JMSXGroupID";
    /** Media type of the body, {@link CloudEventWriter#MEDIA_TYPE}. */
    public static final String CONTENT_TYPE = "content_type";
    /** Copy of the CloudEvents {@code id}. */
    public static final String CE_ID = "ce_id";
    /** Copy of the CloudEvents {@code type}. */
    public static final String CE_TYPE = "ce_type";
    /** Copy of the CloudEvents {@code subject}. */
    public static final String CE_SUBJECT = "ce_subject";

    private EventHeaders() {
    }
}
