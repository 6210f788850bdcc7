/**
 * Façade: the modern REST/JSON API over RetailCore (REST DSL in {@code routes/facade/*.camel.yaml}, the legacy
 * call with XSLT translation, caching, error mapping) and the streaming pass-through proxy for every path no
 * modern route has taken yet ({@code facade.proxy}, internal).
 *
 * <p>Uses: {@code traffic} through its named interface {@code routing} (the façade's YAML routes call the bean
 * {@code trafficControl}: {@code dispatch}, {@code shadow}), the shared {@code platform}, and its named interface
 * {@code security} ({@code Surface}: which paths are rate limited, for the API document). Nothing depends on the
 * façade.
 */
@ApplicationModule(displayName = "Façade and pass-through proxy",
        allowedDependencies = {"traffic :: routing", "platform", "platform :: web", "platform :: soap",
            "platform :: security"})
package dev.ficus.facade;

import org.springframework.modulith.ApplicationModule;
