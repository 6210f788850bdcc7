package dev.ficus.pos;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One POSLog dialect: how to recognise a vendor's documents and how to rewrite its extensions into canonical ARTS
 * POSLog before mapping ({@link DialectRules}). Read from a YAML file of {@code pos.dialects-directory}
 * ({@code adapters/poslog/dialects/*.yml}, see the README there); unknown keys are an error.
 *
 * @param name              short name, e.g. {@code oracle-xstore}; written to {@code data.dialect} of every event
 *                          mapped with it (except {@code generic-arts})
 * @param description       one line for a human: vendor, product, where its format is documented
 * @param match             when the dialect applies; empty = a fallback that applies to everything
 * @param prefixes          prefix -> namespace URI, for the qualified names in {@code match.elements} and
 *                          {@code rename}; an unprefixed name is in the document's POSLog namespace
 * @param rename            rewrite rules, applied in order to each transaction
 * @param businessDayFormat {@link java.time.format.DateTimeFormatter} pattern of {@code BusinessDayDate} (e.g.
 *                          {@code yyyyMMdd}), rewritten to ISO 8601; {@code null} = ISO already
 * @param trailingMinus     whether amounts carry their sign at the end ({@code 12.50-}), rewritten to {@code -12.50}
 */
record PosDialect(String name, String description, Match match, Map<String, String> prefixes, List<Rule> rename,
                  @JsonProperty("business-day-format") String businessDayFormat,
                  @JsonProperty("trailing-minus") boolean trailingMinus) {

    /** The dialect used when no file matches: plain ARTS POSLog, nothing rewritten. */
    static final PosDialect GENERIC = new PosDialect("generic-arts", "ARTS POSLog 2.x/6.x without extensions",
            null, Map.of(), List.of(), null, false);

    PosDialect {
        prefixes = prefixes == null ? Map.of() : Map.copyOf(prefixes);
        rename = rename == null ? List.of() : List.copyOf(rename);
    }

    /**
     * When a dialect applies: any one condition that holds is enough.
     *
     * @param namespaces     namespace URIs declared on the {@code POSLog} root or used by an element or attribute of
     *                       the transaction
     * @param rootAttributes attribute name -> value, all present on the {@code POSLog} root
     * @param elements       qualified names ({@code prefix:Local}) of extension elements, any one present in the
     *                       transaction
     */
    record Match(List<String> namespaces, @JsonProperty("root-attributes") Map<String, String> rootAttributes,
                 List<String> elements) {

        Match {
            namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
            rootAttributes = rootAttributes == null ? Map.of() : Map.copyOf(rootAttributes);
            elements = elements == null ? List.of() : List.copyOf(elements);
        }

        /** @return whether no condition is given (a fallback dialect) */
        boolean isEmpty() {
            return namespaces.isEmpty() && rootAttributes.isEmpty() && elements.isEmpty();
        }
    }

    /**
     * One rewrite: every element or attribute found at {@code from} is moved to {@code to}, its value translated by
     * {@code values}.
     *
     * @param from   path of qualified names ending at the vendor element or attribute ({@code @prefix:name}),
     *               matched against the end of the element's ancestry, e.g. {@code Tender/dtv:TenderTypeCode}
     * @param to     where the value goes: relative to the element's parent (or, for an attribute, to its element),
     *               or to the {@code Transaction} when it starts with {@code /}; steps are POSLog element names
     *               (created when missing), the last may be {@code @Attribute}. An element moved to an element keeps
     *               its children and attributes
     * @param values vendor value -> canonical value; a value not listed is kept, key {@code "*"} matches any other
     */
    record Rule(String from, String to, Map<String, String> values) {

        Rule {
            values = values == null ? Map.of() : Map.copyOf(values);
        }
    }
}
