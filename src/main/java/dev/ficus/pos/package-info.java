/**
 * POS ingest: ARTS POSLog from tills over HTTP, the {@code pos.inbound} queue (any Artemis protocol) and a drop
 * directory; validated, de-duplicated (idempotent consumer), published as CloudEvents, bad input dead-lettered
 * with its reason; accepted sales posted to RetailCore ({@code routes/pos/*.camel.yaml}).
 *
 * <p>Uses: {@code traffic} through its named interface {@code routing} (route {@code pos-posting} asks the bean
 * {@code trafficControl} whether RetailCore still owns a sale) and the shared {@code platform}.
 */
@ApplicationModule(displayName = "POS ingest", allowedDependencies = {"traffic :: routing", "platform",
        "platform :: web", "platform :: soap", "platform :: events"})
package dev.ficus.pos;

import org.springframework.modulith.ApplicationModule;
