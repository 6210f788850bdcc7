package dev.ficus.pos;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The POSLog dialects known to ingest, read once from the {@code *.yml} files of a directory
 * ({@code pos.dialects-directory}, {@code adapters/poslog/dialects}) in file-name order, and the choice of one per
 * transaction ({@link #select}): the first dialect whose {@link PosDialect.Match} holds; a dialect with an empty
 * match is a fallback, tried after all others; when none applies, {@link PosDialect#GENERIC}.
 *
 * <p>Errors: {@link IllegalStateException} at start-up when a file cannot be read, has an unknown key, has no
 * {@code name}, or a rule that names an undeclared prefix.
 */
final class PosDialects {

    private final List<PosDialect> specific;
    private final List<PosDialect> fallbacks;

    /** @param dialects the dialects in the order they are tried */
    PosDialects(List<PosDialect> dialects) {
        this.specific = dialects.stream().filter(d -> d.match() != null && !d.match().isEmpty()).toList();
        this.fallbacks = dialects.stream().filter(d -> d.match() == null || d.match().isEmpty()).toList();
    }

    /** @return no dialect file: every transaction is read as generic ARTS */
    static PosDialects none() {
        return new PosDialects(List.of());
    }

    /**
     * @param directory the directory of {@code *.yml} dialect files; missing = none
     * @param json      Spring's mapper (bound to the YAML parser)
     * @return the dialects
     * @throws IllegalStateException when a file is broken (see above)
     */
    static PosDialects load(Path directory, ObjectMapper json) {
        if (!Files.isDirectory(directory)) {
            return none();
        }
        ObjectReader reader = json.readerFor(PosDialect.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        YAMLFactory yaml = new YAMLFactory();
        List<PosDialect> dialects = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml"))
                    .sorted(Comparator.comparing(Path::toString)).toList()) {
                dialects.add(read(file, reader, yaml));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PosDialects(dialects);
    }

    private static PosDialect read(Path file, ObjectReader reader, YAMLFactory yaml) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            PosDialect dialect = reader.readValue(yaml.createParser(in));
            if (dialect.name() == null || dialect.name().isBlank()) {
                throw new IllegalStateException("POSLog dialect " + file + " has no name");
            }
            for (PosDialect.Rule rule : dialect.rename()) {
                DialectPath.parse(rule.from(), dialect.prefixes(), "urn:check");
                if (rule.to() == null || rule.to().isBlank()) {
                    throw new IllegalStateException("POSLog dialect " + file + ": rule " + rule.from() + " has no 'to'");
                }
            }
            return dialect;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("POSLog dialect " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** @return the names of the dialects, in the order they are tried */
    List<String> names() {
        return Stream.concat(specific.stream(), fallbacks.stream()).map(PosDialect::name).toList();
    }

    /**
     * @param doc the document's root facts
     * @param tx  the transaction
     * @return the dialect the transaction is written in
     */
    PosDialect select(PosDocumentContext doc, XmlNode tx) {
        for (PosDialect d : specific) {
            if (matches(d, doc, tx)) {
                return d;
            }
        }
        return fallbacks.isEmpty() ? PosDialect.GENERIC : fallbacks.get(0);
    }

    private static boolean matches(PosDialect d, PosDocumentContext doc, XmlNode tx) {
        PosDialect.Match m = d.match();
        for (String ns : m.namespaces()) {
            if (doc.declared().contains(ns) || uses(tx, ns)) {
                return true;
            }
        }
        if (!m.rootAttributes().isEmpty() && m.rootAttributes().entrySet().stream()
                .allMatch(a -> a.getValue().equals(doc.rootAttributes().get(a.getKey())))) {
            return true;
        }
        for (String element : m.elements()) {
            DialectPath path = DialectPath.parse(element, d.prefixes(), doc.namespace());
            if (contains(tx, path.namespaces().get(path.namespaces().size() - 1),
                    path.names().get(path.names().size() - 1))) {
                return true;
            }
        }
        return false;
    }

    private static boolean uses(XmlNode node, String ns) {
        if (node.namespace.equals(ns) || node.attributes.keySet().stream().anyMatch(k -> k.startsWith("{" + ns + "}"))) {
            return true;
        }
        return node.children.stream().anyMatch(c -> uses(c, ns));
    }

    private static boolean contains(XmlNode node, String ns, String local) {
        if (node.namespace.equals(ns) && node.name.equals(local)) {
            return true;
        }
        return node.children.stream().anyMatch(c -> contains(c, ns, local));
    }
}
