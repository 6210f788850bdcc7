package dev.ficus.pos;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;

/** Test helper: a {@link ProducerTemplate} recording {@code sendBodyAndHeaders(uri, body, headers)}, nothing else. */
final class SentMessages {

    /** One recorded send. */
    record Sent(String uri, Object body, Map<String, Object> headers) {
    }

    final List<Sent> sent = new ArrayList<>();
    /** When set, every send throws it (nothing recorded). */
    RuntimeException failure;

    @SuppressWarnings("unchecked")
    ProducerTemplate producer() {
        return (ProducerTemplate) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ProducerTemplate.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendBodyAndHeaders") && args.length == 3
                            && args[0] instanceof String uri) {
                        if (failure != null) {
                            throw failure;
                        }
                        sent.add(new Sent(uri, args[1], Map.copyOf((Map<String, Object>) args[2])));
                        return null;
                    }
                    throw new UnsupportedOperationException(method.toString());
                });
    }
}
