/**
 * Façade: the modern REST/JSON API over RetailCore (REST DSL in {@code routes/facade/*.camel.yaml}, the legacy
 * call with XSLT translation, caching, error mapping) and the streaming pass-through proxy for every path no
 * modern route has taken yet ({@code facade.proxy}, internal).
 *
 * <p>Uses: {@code traffic} through its named interface {@code routing} (the façade's YAML routes call the bean
 * {@code trafficControl}: {@code dispatch}, {@code shadow}) and the shared {@code platform}. Nothing depends on the
 * façade.
 */
@ApplicationModule(displayName = "Façade and pass-through proxy",
        allowedDependencies = {"traffic :: routing", "platform", "platform :: web", "platform :: soap"})
package dev.ficus.facade;

import org.springframework.modulith.ApplicationModule;
