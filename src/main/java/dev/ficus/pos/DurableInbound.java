package dev.ficus.pos;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.RoutingContext;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;

/**
 * Makes every message routed to the POS inbound address durable, whatever the client asked for: a STOMP
 * {@code SEND} without {@code persistent:true}, an MQTT QoS 0 publish, a non-durable AMQP or JMS message. The broker
 * then writes it to its journal before it answers the client (receipt, PUBACK, disposition, send confirmation), so
 * a document a till was told the broker has survives a {@code kill -9} of Ficus and its embedded broker.
 *
 * <p>An Artemis broker plugin ({@link ActiveMQServerMessagePlugin#beforeMessageRoute}): the post office asks it
 * before it routes a message to the address's queues, and stores the message in the journal only when it is durable
 * at that moment (for each durable queue it reaches). Messages to other addresses are left as they are.
 */
final class DurableInbound implements ActiveMQServerMessagePlugin {

    private final SimpleString address;

    /** @param address the POS inbound address, {@code pos.queue} ({@code pos.inbound}) */
    DurableInbound(String address) {
        this.address = SimpleString.of(address);
    }

    @Override
    public void beforeMessageRoute(Message message, RoutingContext context, boolean direct, boolean rejectDuplicates) {
        if (!message.isDurable() && address.equals(message.getAddressSimpleString())) {
            message.setDurable(true);
        }
    }
}
