package dev.ficus.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot run on our machines (no Docker engine), so this test keeps it honest: every
 * variable it gives Ficus is one Ficus reads, every URL points at a service of the file, and every variable
 * Ficus reads is documented in README.md.
 */
class DockerComposeTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

    @Test
    void shouldOnlySetVariablesThatFicusReads() throws IOException {
        Set<String> read = variablesFicusReads();

        assertThat(ficusEnvironment().keySet()).isNotEmpty().allSatisfy(name ->
                assertThat(read).as("variables Ficus reads (placeholders in application*.yml)").contains(name));
    }

    @Test
    void shouldPointEveryUrlAtAServiceOfTheComposeFile() throws IOException {
        Map<String, Object> services = services();

        ficusEnvironment().forEach((name, value) -> {
            String v = String.valueOf(value);
            if (v.matches("^(jdbc:)?[a-z]+://.*")) {
                String host = URI.create(v.replaceFirst("^jdbc:", "")).getHost();
                assertThat(host).as(name).isIn(concat(services.keySet(), "localhost"));
            }
        });
        assertThat(String.valueOf(ficusEnvironment().get("LEGACY_DB_URL"))).contains("postgres:5432/northwind");
        assertThat(String.valueOf(ficusEnvironment().get("ARTEMIS_URL"))).isEqualTo("tcp://artemis:61616");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldRunTheRetailCoreMimicAsItsOwnServiceNeverInsideFicus() throws IOException {
        Map<String, Object> retailcore = (Map<String, Object>) services().get("retailcore");
        assertThat(retailcore).as("service retailcore").isNotNull();
        assertThat((Map<String, Object>) retailcore.get("build")).containsEntry("target", "retailcore-mimic");
        assertThat(Files.readString(Path.of("Dockerfile"))).contains("AS retailcore-mimic")
                .contains("dev.ficus.playground.mimic.RetailCoreMimicApplication");
        assertThat(String.valueOf(ficusEnvironment().get("LEGACY_BASE_URL"))).isEqualTo("http://retailcore:8090");
        assertThat(ficusEnvironment().keySet()).noneMatch(name -> name.contains("MIMIC") || name.contains("PLAYGROUND"));
    }

    @Test
    void shouldRunPostgresWithLogicalDecoding() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> postgres = (Map<String, Object>) services().get("postgres");

        assertThat(String.valueOf(postgres.get("command"))).contains("wal_level=logical");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldRunArtemisWithTheShippedBrokerProperties() throws IOException {
        Map<String, Object> artemis = (Map<String, Object>) services().get("artemis");
        List<String> command = (List<String>) artemis.get("command");

        // the image's entry point runs bin/artemis with these arguments
        assertThat(command).first().isEqualTo("run");
        assertThat(command).contains("--properties");
        String inContainer = command.get(command.indexOf("--properties") + 1);
        assertThat((List<String>) artemis.get("volumes"))
                .contains("./deploy/artemis/broker.properties:" + inContainer + ":ro");
        assertThat(Path.of("deploy/artemis/broker.properties")).isRegularFile();
    }

    @Test
    void shouldDocumentEveryVariableFicusReadsInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("README.md"));

        assertThat(variablesFicusReads()).allSatisfy(name -> assertThat(readme).contains("`" + name + "`"));
    }

    static Set<String> variablesFicusReads() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Stream.concat(Files.list(Path.of("src/main/resources")), Files.list(Path.of("config")))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().matches("application.*\\.ya?ml")) {
                    Matcher m = PLACEHOLDER.matcher(Files.readString(file));
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                }
            }
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ficusEnvironment() throws IOException {
        Map<String, Object> ficus = (Map<String, Object>) services().get("ficus");
        return (Map<String, Object>) ficus.get("environment");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
        return (Map<String, Object>) compose.get("services");
    }

    private static Set<String> concat(Set<String> a, String b) {
        Set<String> all = new TreeSet<>(a);
        all.add(b);
        return all;
    }
}
