package dev.ficus.pos;

import java.util.Map;
import java.util.Set;

/**
 * What a dialect may be recognised by at document level: the {@code POSLog} root's namespace, the namespaces it
 * declares and its attributes (unqualified by local name, qualified as {@code {namespace}local}).
 *
 * @param namespace      the POSLog namespace of the document
 * @param declared       namespace URIs declared on the root
 * @param rootAttributes the root's attributes
 */
record PosDocumentContext(String namespace, Set<String> declared, Map<String, String> rootAttributes) {

    /** @return a context with nothing but the POSLog namespace (a transaction read on its own) */
    static PosDocumentContext of(String namespace) {
        return new PosDocumentContext(namespace, Set.of(), Map.of());
    }
}
