package dev.ficus.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot run on our machines (no Docker engine), so this test keeps it honest: every
 * variable it gives Ficus is one Ficus reads, every replica gets the same, every URL points at a service of the
 * file, the load balancer (deploy/lb/haproxy.cfg) balances over exactly the file's replicas, the Artemis pair
 * is wired as agreed, and every variable Ficus reads is documented in README.md.
 */
class DockerComposeTest {

    /** Ficus's ARTEMIS_URL: both brokers of the pair, fail over, reconnect forever. */
    static final String ARTEMIS_HA_URL =
            "(tcp://artemis-primary:61616,tcp://artemis-backup:61616)?"
                    + dev.ficus.testsupport.ArtemisPair.CLIENT_URL_OPTIONS;

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    private static final Pattern URL_HOST = Pattern.compile("[a-z]+://([A-Za-z0-9.-]+)");
    private static final Pattern REPLICA = Pattern.compile("ficus-\\d+");
    private static final Pattern LB_SERVER = Pattern.compile("^\\s*server\\s+(\\S+)\\s+([^:\\s]+):(\\d+)", Pattern.MULTILINE);
    private static final Path LB_CONFIG = Path.of("deploy/lb/haproxy.cfg");

    @Test
    void shouldOnlySetVariablesThatFicusReads() throws IOException {
        Set<String> read = variablesFicusReads();

        assertThat(ficusEnvironment().keySet()).isNotEmpty().allSatisfy(name ->
                assertThat(read.contains(name) || isListElementVariable(name))
                        .as(name + ": a variable Ficus reads (placeholders in application*.yml, or an element of a "
                                + "documented list such as ficus.security.api-keys)").isTrue());
    }

    /**
     * @param name an environment variable name
     * @return whether Spring Boot binds it to an element of a list README documents: {@code ficus.security.api-keys[n]}
     */
    static boolean isListElementVariable(String name) {
        return name.matches("FICUS_SECURITY_APIKEYS_\\d+_(NAME|KEY|KEYSHA256|ROLES)");
    }

    @Test
    void shouldRunAtLeastTwoIdenticalReplicas() throws IOException {
        Map<String, Map<String, Object>> replicas = replicas();

        assertThat(replicas).hasSizeGreaterThanOrEqualTo(2);
        Map<String, Object> first = replicas.values().iterator().next();
        replicas.forEach((name, replica) -> {
            assertThat(replica.get("environment")).as(name + " environment").isEqualTo(first.get("environment"));
            assertThat(replica.get("image")).as(name + " image").isNotNull().isEqualTo(first.get("image"));
            assertThat(replica.get("build")).as(name + " build").isEqualTo(first.get("build"));
            assertThat(replica.get("volumes")).as(name + " volumes").isEqualTo(first.get("volumes"));
            assertThat(replica).as(name + ": only the load balancer publishes the façade").doesNotContainKey("ports");
        });
    }

    @Test
    void shouldPointEveryUrlAtAServiceOfTheComposeFile() throws IOException {
        Set<String> services = services().keySet();

        ficusEnvironment().forEach((name, value) -> {
            Matcher url = URL_HOST.matcher(String.valueOf(value));
            while (url.find()) {
                assertThat(url.group(1)).as(name).isIn(concat(services, "localhost"));
            }
        });
        assertThat(String.valueOf(ficusEnvironment().get("LEGACY_DB_URL"))).contains("postgres:5432/northwind");
        assertThat(ficusEnvironment()).containsEntry("ARTEMIS_URL", ARTEMIS_HA_URL);
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
    void shouldRunBothArtemisBrokersWithTheShippedBrokerProperties() throws IOException {
        for (String broker : List.of("artemis-primary", "artemis-backup")) {
            Map<String, Object> artemis = (Map<String, Object>) services().get(broker);
            assertThat(artemis).as("service " + broker).isNotNull();
            assertThat(artemis.get("image")).isEqualTo("apache/activemq-artemis:2.40.0");
            List<String> command = (List<String>) artemis.get("command");

            // the image's entry point runs bin/artemis with these arguments
            assertThat(command).first().isEqualTo("run");
            assertThat(command).contains("--properties");
            List<String> files = List.of(command.get(command.indexOf("--properties") + 1).split(","));
            assertThat(files).first().as("Ficus's addresses first").isEqualTo("/opt/ficus/broker.properties");
            assertThat(files).as("the primary alone checks for an active server before it serves")
                    .hasSize(broker.equals("artemis-primary") ? 2 : 1);
            for (String inContainer : files) {
                String file = inContainer.substring(inContainer.lastIndexOf('/') + 1);
                assertThat((List<String>) artemis.get("volumes"))
                        .contains("./deploy/artemis/" + file + ":" + inContainer + ":ro");
            }
        }
        assertThat(Path.of("deploy/artemis/broker.properties")).isRegularFile();
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldPairTheBrokersWithReplicationAndSeparateJournals() throws IOException {
        Map<String, Object> services = services();
        List<String> primary = extraArgs("artemis-primary");
        List<String> backup = extraArgs("artemis-backup");

        for (List<String> args : List.of(primary, backup)) {
            assertThat(args).contains("--replicated", "--failover-on-shutdown", "--relax-jolokia")
                    .containsSequence("--http-host", "0.0.0.0").containsSequence("--cluster-user", "ficus-cluster");
            assertThat(valueAfter(args, "--cluster-password")).as("cluster password from the environment")
                    .startsWith("${ARTEMIS_CLUSTER_PASSWORD");
        }
        assertThat(primary).doesNotContain("--backup");
        assertThat(backup).contains("--backup");
        assertThat(valueAfter(primary, "--host")).isEqualTo("artemis-primary");
        assertThat(valueAfter(backup, "--host")).isEqualTo("artemis-backup");
        assertThat(valueAfter(primary, "--staticCluster")).isEqualTo("tcp://artemis-backup:61616");
        assertThat(valueAfter(backup, "--staticCluster")).isEqualTo("tcp://artemis-primary:61616");

        for (String broker : List.of("artemis-primary", "artemis-backup")) {
            Map<String, Object> environment =
                    (Map<String, Object>) ((Map<String, Object>) services.get(broker)).get("environment");
            // the admin user the image creates is the user Ficus connects as
            assertThat(environment).as(broker).containsEntry("ARTEMIS_USER", ficusEnvironment().get("ARTEMIS_USER"))
                    .containsEntry("ARTEMIS_PASSWORD", ficusEnvironment().get("ARTEMIS_PASSWORD"))
                    .containsEntry("ANONYMOUS_LOGIN", "false");
        }
        String primaryJournal = instanceVolume((Map<String, Object>) services.get("artemis-primary"));
        String backupJournal = instanceVolume((Map<String, Object>) services.get("artemis-backup"));
        assertThat(primaryJournal).isNotEqualTo(backupJournal);
        assertThat((Map<String, Object>) loadCompose().get("volumes")).containsKeys(primaryJournal, backupJournal);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldBalanceOverExactlyTheReplicasOnTheirReadinessProbe() throws IOException {
        Map<String, Object> lb = (Map<String, Object>) services().get("lb");
        String config = Files.readString(LB_CONFIG);

        assertThat(lb).as("service lb").isNotNull();
        assertThat(String.valueOf(lb.get("image"))).startsWith("haproxy:").doesNotEndWith(":latest");
        assertThat((List<String>) lb.get("ports")).containsExactly("8080:8080");
        assertThat((List<String>) lb.get("volumes"))
                .containsExactly("./" + LB_CONFIG + ":/usr/local/etc/haproxy/haproxy.cfg:ro");
        assertThat((List<String>) lb.get("depends_on")).containsExactlyInAnyOrderElementsOf(replicas().keySet());

        List<String> replicas = replicas().keySet().stream().map(replica -> replica + ":8080").toList();
        Map<String, List<String>> servers = serversPerBackend(config);
        assertThat(servers).isNotEmpty();
        servers.forEach((backend, hosts) -> assertThat(hosts).as("servers of backend " + backend)
                .containsExactlyInAnyOrderElementsOf(replicas));
        assertThat(config).contains("http-check send meth GET uri /actuator/health/readiness")
                .contains("http-check expect status 200");
        assertThat(Files.readString(Path.of("src/main/resources/application.yml")))
                .as("Spring Boot's probe groups outside Kubernetes too").containsPattern("probes:\\s+enabled: true");
    }

    @Test
    void shouldReplayOnlySafeMethodsAndNeverAFailingRetailCoreAnswer() throws IOException {
        String config = Files.readString(LB_CONFIG);

        assertThat(config).containsPattern("(?m)^\\s*http-request disable-l7-retry unless METH_GET or METH_OPTIONS$");
        Matcher retryOn = Pattern.compile("(?m)^\\s*retry-on (.+)$").matcher(config);
        assertThat(retryOn.find()).as("retry-on").isTrue();
        // 502 and 504 are Ficus's answers when RetailCore fails: the other replica would only ask RetailCore again
        assertThat(retryOn.group(1).split(" ")).doesNotContain("502", "504", "all-retryable-errors", "response-timeout");
    }

    @Test
    void shouldDocumentEveryVariableFicusReadsInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("README.md"));

        assertThat(variablesFicusReads()).allSatisfy(name -> assertThat(readme).contains("`" + name + "`"));
    }

    /**
     * Variables Spring Boot binds itself (relaxed binding) that Ficus documents but cannot name as a placeholder:
     * {@code management.otlp.tracing.endpoint} switches the OTLP exporter on whenever the key exists, even empty.
     */
    static final Set<String> SPRING_BOOT_VARIABLES = Set.of("MANAGEMENT_OTLP_TRACING_ENDPOINT");

    /**
     * @return the environment variable names Ficus reads: the {@code ${NAME...}} placeholders of
     *     src/main/resources/application*.yml and config/application*.yml, and {@link #SPRING_BOOT_VARIABLES}
     */
    static Set<String> variablesFicusReads() throws IOException {
        Set<String> names = new TreeSet<>(SPRING_BOOT_VARIABLES);
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

    /** backend name -> "host:port" of each of its servers, in file order. */
    static Map<String, List<String>> serversPerBackend(String haproxyConfig) {
        Map<String, List<String>> servers = new LinkedHashMap<>();
        String backend = null;
        for (String line : haproxyConfig.split("\n")) {
            if (line.matches("^\\S.*")) {
                backend = line.startsWith("backend ") ? line.split("\\s+")[1] : null;
            }
            Matcher server = LB_SERVER.matcher(line);
            if (backend != null && server.find()) {
                servers.computeIfAbsent(backend, b -> new ArrayList<>()).add(server.group(2) + ":" + server.group(3));
            }
        }
        return servers;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ficusEnvironment() throws IOException {
        return (Map<String, Object>) replicas().values().iterator().next().get("environment");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> replicas() throws IOException {
        return services().entrySet().stream().filter(e -> REPLICA.matcher(e.getKey()).matches())
                .collect(Collectors.toMap(Map.Entry::getKey, e -> (Map<String, Object>) e.getValue(), (a, b) -> a,
                        LinkedHashMap::new));
    }

    @SuppressWarnings("unchecked")
    private static List<String> extraArgs(String broker) throws IOException {
        Map<String, Object> environment = (Map<String, Object>) ((Map<String, Object>) services().get(broker)).get("environment");
        return List.of(String.valueOf(environment.get("EXTRA_ARGS")).trim().split("\\s+"));
    }

    private static String valueAfter(List<String> args, String option) {
        assertThat(args).as("EXTRA_ARGS").containsOnlyOnce(option);
        return args.get(args.indexOf(option) + 1);
    }

    @SuppressWarnings("unchecked")
    private static String instanceVolume(Map<String, Object> broker) {
        return ((List<String>) broker.get("volumes")).stream().filter(v -> v.endsWith(":/var/lib/artemis-instance"))
                .map(v -> v.substring(0, v.indexOf(':'))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services() throws IOException {
        return (Map<String, Object>) loadCompose().get("services");
    }

    private static Map<String, Object> loadCompose() throws IOException {
        return new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
    }

    private static Set<String> concat(Set<String> a, String b) {
        Set<String> all = new TreeSet<>(a);
        all.add(b);
        return all;
    }
}
