package dev.ficus.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/k8s cannot be applied on our machines (no cluster), so this test keeps it honest: every document parses
 * strictly into fabric8's typed Kubernetes model (a misspelled or misplaced field fails, see
 * {@link StrictManifests}), every workload has resources and probes, Ficus's probes ask paths Ficus serves, the
 * PodDisruptionBudget and the HorizontalPodAutoscaler act on the Ficus Deployment, every variable given to Ficus is
 * one Ficus reads, images are pinned, the Artemis pair is wired as agreed, and kustomization.yaml generates exactly
 * the repository's config/ and routes/ files into ConfigMaps that the Deployment mounts where Ficus reads them.
 */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("deploy/k8s");
    private static final String KUSTOMIZATION = "kustomization.yaml";
    private static final String FICUS = "ficus";
    /** Read by Spring Boot and the JVM themselves, not through a placeholder of application*.yml. */
    private static final Set<String> PLATFORM_VARIABLES = Set.of("SPRING_PROFILES_ACTIVE", "JAVA_TOOL_OPTIONS");
    private static final Map<Path, List<HasMetadata>> PARSED = new ConcurrentHashMap<>();

    @Test
    void shouldParseEveryManifestStrictly() {
        assertThat(manifestFiles()).isNotEmpty().allSatisfy(file -> assertThat(parse(file)).as(file.toString())
                .isNotEmpty());
        assertThat(all(Deployment.class)).extracting(d -> d.getMetadata().getName()).containsExactly(FICUS);
        assertThat(all(StatefulSet.class)).extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrder("artemis-primary", "artemis-backup");
    }

    @Test
    void shouldFailOnAMisspelledOrMisplacedField() {
        String misspelled = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: bad}
                spec:
                  selector: {matchLabels: {app: bad}}
                  template:
                    metadata: {labels: {app: bad}}
                    spec:
                      containers:
                        - name: app
                          image: ficus:0.1.0
                          readinesProbe: {httpGet: {path: /actuator/health/readiness, port: 8080}}
                """;
        String misplaced = """
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: bad}
                minAvailable: 1
                spec: {selector: {matchLabels: {app: bad}}}
                """;
        String otherApiVersion = """
                apiVersion: autoscaling/v1
                kind: HorizontalPodAutoscaler
                metadata: {name: bad}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: bad}
                  maxReplicas: 3
                  metrics: [{type: Resource}]
                """;

        assertThatThrownBy(() -> StrictManifests.parse(misspelled, "inline"))
                .hasMessageContaining("spec.template.spec.containers[0].readinesProbe");
        assertThatThrownBy(() -> StrictManifests.parse(misplaced, "inline")).hasMessageContaining("minAvailable");
        assertThatThrownBy(() -> StrictManifests.parse(otherApiVersion, "inline")).hasMessageContaining("spec.metrics");
        assertThatThrownBy(() -> StrictManifests.parse("apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: x}\n",
                "inline")).hasMessageContaining("unknown resource apps/v1 Deploymnet");
        assertThatThrownBy(() -> StrictManifests.parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n"
                + "data: {A: '1'}\ndata: {B: '2'}\n", "inline")).hasMessageContaining("duplicate key data");
    }

    @Test
    void shouldGiveEveryContainerResourcesAndProbes() {
        workloads().forEach((name, pod) -> {
            assertThat(pod.getSpec().getAutomountServiceAccountToken()).as(name + ": no Kubernetes API token").isFalse();
            for (Container c : pod.getSpec().getContainers()) {
                String where = name + "/" + c.getName();
                assertThat(c.getResources().getRequests()).as(where + " requests").containsKeys("cpu", "memory");
                assertThat(c.getResources().getLimits()).as(where + " limits").containsKey("memory");
                assertThat(c.getReadinessProbe()).as(where + " readiness probe").isNotNull();
                assertThat(c.getLivenessProbe()).as(where + " liveness probe").isNotNull();
                assertThat(c.getStartupProbe()).as(where + " startup probe").isNotNull();
                for (Probe probe : List.of(c.getReadinessProbe(), c.getLivenessProbe(), c.getStartupProbe())) {
                    IntOrString port = probe.getHttpGet() != null ? probe.getHttpGet().getPort()
                            : probe.getTcpSocket().getPort();
                    assertThat(c.getPorts()).as(where + " probe port " + port.getStrVal())
                            .anySatisfy(p -> assertThat(p.getName()).isEqualTo(port.getStrVal()));
                }
            }
        });
    }

    @Test
    void shouldProbeFicusOnTheHealthGroupsItServes() throws IOException {
        Container ficus = ficusContainer();
        Set<String> served = healthPathsFicusServes();

        assertThat(ficus.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness").isIn(served);
        assertThat(ficus.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness").isIn(served);
        assertThat(ficus.getStartupProbe().getHttpGet().getPath()).isIn(served);
        assertThat(ficus.getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8080)); // server.port, FICUS_HTTP_PORT unset
        assertThat(ficus.getResources().getRequests().get("cpu").toString()).isEqualTo("1");
        assertThat(ficus.getResources().getRequests().get("memory").toString()).isEqualTo("768Mi");
        assertThat(ficus.getResources().getLimits().get("memory").toString()).isEqualTo("1Gi");
    }

    @Test
    void shouldLeaveTheServiceBeforeTheJvmStops() {
        Deployment deployment = all(Deployment.class).get(0);
        List<String> preStop = ficusContainer().getLifecycle().getPreStop().getExec().getCommand();

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(30L);
        assertThat(preStop).hasSize(2).first().isEqualTo("sleep");
        assertThat(Integer.parseInt(preStop.get(1))).isBetween(1, 15);
        assertThat(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
                .extracting(c -> c.getTopologyKey()).contains("kubernetes.io/hostname");
    }

    @Test
    void shouldDisruptAndScaleTheFicusDeploymentOnly() {
        Map<String, String> ficusPods = all(Deployment.class).get(0).getSpec().getTemplate().getMetadata().getLabels();
        PodDisruptionBudget pdb = single(PodDisruptionBudget.class);
        HorizontalPodAutoscaler hpa = single(HorizontalPodAutoscaler.class);
        Service service = all(Service.class).stream().filter(s -> s.getMetadata().getName().equals(FICUS)).findFirst()
                .orElseThrow();

        Map<String, String> selector = pdb.getSpec().getSelector().getMatchLabels();
        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(ficusPods).containsAllEntriesOf(selector);
        assertThat(service.getSpec().getSelector()).isEqualTo(selector);
        all(StatefulSet.class).forEach(s -> assertThat(s.getSpec().getTemplate().getMetadata().getLabels())
                .as("the Ficus selector must not match " + s.getMetadata().getName())
                .doesNotContainEntry("app.kubernetes.io/name", selector.get("app.kubernetes.io/name")));

        assertThat(hpa.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo("apps/v1");
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(FICUS);
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(10);
        MetricSpec cpu = hpa.getSpec().getMetrics().get(0);
        assertThat(cpu.getResource().getName()).isEqualTo("cpu");
        assertThat(cpu.getResource().getTarget().getAverageUtilization()).isEqualTo(70);
    }

    @Test
    void shouldOnlyGiveFicusVariablesThatFicusReads() throws IOException {
        Set<String> read = DockerComposeTest.variablesFicusReads();
        Set<String> given = new TreeSet<>();
        Container ficus = ficusContainer();
        ficus.getEnv().forEach(e -> given.add(e.getName()));
        for (EnvFromSource source : ficus.getEnvFrom()) {
            if (source.getConfigMapRef() != null) {
                given.addAll(configMap(source.getConfigMapRef().getName()).getData().keySet());
            } else {
                given.addAll(secret(source.getSecretRef().getName()).getStringData().keySet());
            }
        }

        assertThat(given).contains("LEGACY_DB_URL", "LEGACY_BASE_URL", "ARTEMIS_URL", "ARTEMIS_PASSWORD")
                .allSatisfy(name -> assertThat(concat(read, PLATFORM_VARIABLES).contains(name)
                        || DockerComposeTest.isListElementVariable(name))
                        .as(name + ": a variable Ficus reads (application*.yml placeholders, or an element of a "
                                + "documented list such as ficus.security.api-keys)").isTrue());
        assertThat(configMap("ficus-env").getData()).containsEntry("ARTEMIS_URL", DockerComposeTest.ARTEMIS_HA_URL)
                .containsEntry("FICUS_ROUTES_RELOAD", "false");
    }

    @Test
    void shouldPinEveryImage() throws IOException {
        List<String> images = workloads().values().stream().flatMap(p -> p.getSpec().getContainers().stream())
                .map(Container::getImage).toList();

        assertThat(images).isNotEmpty().allSatisfy(image -> assertThat(image).as("image")
                .matches("[^:@]+(:[A-Za-z0-9_.-]+|@sha256:[0-9a-f]{64})").doesNotEndWith(":latest"));
        assertThat(images).contains("apache/activemq-artemis:2.40.0");
        List<Map<String, Object>> overrides = kustomizationList("images");
        assertThat(overrides).singleElement().satisfies(image -> {
            assertThat(image).containsEntry("name", FICUS);
            assertThat(String.valueOf(image.get("newTag"))).isNotBlank().isNotEqualTo("latest").isNotEqualTo("null");
        });
    }

    @Test
    void shouldPairTheBrokersAsAgreed() {
        StatefulSet primary = statefulSet("artemis-primary");
        StatefulSet backup = statefulSet("artemis-backup");
        List<String> primaryArgs = extraArgs(primary);
        List<String> backupArgs = extraArgs(backup);

        for (StatefulSet broker : List.of(primary, backup)) {
            String name = broker.getMetadata().getName();
            Container artemis = broker.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(broker.getSpec().getReplicas()).isEqualTo(1);
            assertThat(broker.getSpec().getVolumeClaimTemplates()).extracting(p -> p.getMetadata().getName())
                    .containsExactly("data");
            // the primary also checks for an active server before it serves (deploy/artemis/README.md)
            assertThat(artemis.getArgs()).containsExactly("run", "--properties", broker == primary
                    ? "/opt/ficus/broker.properties,/opt/ficus/ha-primary.properties" : "/opt/ficus/broker.properties");
            assertThat(artemis.getVolumeMounts()).extracting(VolumeMount::getMountPath)
                    .contains("/var/lib/artemis-instance", "/opt/ficus");
            assertThat(artemis.getEnv()).extracting(EnvVar::getName)
                    .contains("ARTEMIS_USER", "ARTEMIS_PASSWORD", "ANONYMOUS_LOGIN", "EXTRA_ARGS");
            // Kubernetes expands $(NAME) only from variables listed before it
            List<String> names = artemis.getEnv().stream().map(EnvVar::getName).toList();
            assertThat(names.indexOf("ARTEMIS_CLUSTER_PASSWORD")).isNotNegative().isLessThan(names.indexOf("EXTRA_ARGS"));
            Service headless = all(Service.class).stream().filter(s -> s.getMetadata().getName().equals(name))
                    .findFirst().orElseThrow();
            assertThat(broker.getSpec().getServiceName()).isEqualTo(name);
            assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
            assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
            assertThat(headless.getSpec().getSelector()).isEqualTo(broker.getSpec().getSelector().getMatchLabels());
        }
        for (List<String> args : List.of(primaryArgs, backupArgs)) {
            assertThat(args).contains("--http-host", "0.0.0.0", "--relax-jolokia", "--replicated",
                    "--failover-on-shutdown").containsSequence("--cluster-user", "ficus-cluster")
                    .containsSequence("--cluster-password", "$(ARTEMIS_CLUSTER_PASSWORD)");
        }
        assertThat(primaryArgs).doesNotContain("--backup").containsSequence("--host", "artemis-primary")
                .containsSequence("--staticCluster", "tcp://artemis-backup:61616");
        assertThat(backupArgs).contains("--backup").containsSequence("--host", "artemis-backup")
                .containsSequence("--staticCluster", "tcp://artemis-primary:61616");
    }

    @Test
    void shouldNeedNoKubernetesApiAccess() {
        // the CDC leader lock is a row in PostgreSQL, not a Lease: no ServiceAccount, Role or RoleBinding
        Set<String> kinds = manifestFiles().stream().flatMap(f -> parse(f).stream()).map(HasMetadata::getKind)
                .collect(Collectors.toSet());

        assertThat(kinds).doesNotContain("ServiceAccount", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding",
                "Lease");
    }

    @Test
    void shouldApplyEveryManifestButTheSecretExamples() {
        List<String> expected = manifestFiles().stream().map(f -> f.getFileName().toString())
                .filter(name -> !name.endsWith(".example.yaml")).sorted().toList();

        assertThat(kustomizationList("resources")).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(manifestFiles()).anySatisfy(f -> assertThat(f.getFileName().toString()).endsWith(".example.yaml"));
    }

    @Test
    void shouldGenerateAndMountConfigAndEveryRouteFolder() throws IOException {
        Map<String, List<String>> generated = generatedConfigMaps();
        Map<String, String> mounted = new LinkedHashMap<>();
        PodTemplateSpec pod = all(Deployment.class).get(0).getSpec().getTemplate();
        for (VolumeMount mount : ficusContainer().getVolumeMounts()) {
            pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals(mount.getName()) && v.getConfigMap() != null)
                    .forEach(v -> mounted.put(v.getConfigMap().getName(), mount.getMountPath()));
        }

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("ficus-config", "/app/config");
        assertThat(generated.get("ficus-config")).containsExactlyInAnyOrderElementsOf(filesIn(Path.of("config")));
        try (Stream<Path> folders = Files.list(Path.of("routes"))) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                String name = "ficus-routes-" + folder.getFileName();
                expected.put(name, "/app/" + folder.toString().replace('\\', '/'));
                assertThat(generated.get(name)).as(name).containsExactlyInAnyOrderElementsOf(filesIn(folder));
            }
        }
        assertThat(mounted).isEqualTo(expected);
        assertThat(generated.get("artemis-broker-properties")).containsExactly("deploy/artemis/broker.properties",
                "deploy/artemis/ha-primary.properties");
    }

    // --- reading deploy/k8s ------------------------------------------------------------------------------------

    static List<Path> manifestFiles() {
        try (Stream<Path> files = Files.list(K8S)) {
            return files.filter(f -> f.toString().endsWith(".yaml") && !f.getFileName().toString().equals(KUSTOMIZATION))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<HasMetadata> parse(Path file) {
        return PARSED.computeIfAbsent(file, f -> {
            try {
                return StrictManifests.parse(Files.readString(f), f.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static <T extends HasMetadata> List<T> all(Class<T> type) {
        return manifestFiles().stream().flatMap(f -> parse(f).stream()).filter(type::isInstance).map(type::cast)
                .toList();
    }

    private static <T extends HasMetadata> T single(Class<T> type) {
        assertThat(all(type)).as(type.getSimpleName()).hasSize(1);
        return all(type).get(0);
    }

    private static Map<String, PodTemplateSpec> workloads() {
        Map<String, PodTemplateSpec> pods = new LinkedHashMap<>();
        all(Deployment.class).forEach(d -> pods.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
        all(StatefulSet.class).forEach(s -> pods.put(s.getMetadata().getName(), s.getSpec().getTemplate()));
        return pods;
    }

    private static Container ficusContainer() {
        return all(Deployment.class).get(0).getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(FICUS)).findFirst().orElseThrow();
    }

    private static StatefulSet statefulSet(String name) {
        return all(StatefulSet.class).stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow();
    }

    private static ConfigMap configMap(String name) {
        return named(ConfigMap.class, name);
    }

    private static Secret secret(String name) {
        return named(Secret.class, name);
    }

    private static <T extends HasMetadata> T named(Class<T> type, String name) {
        return all(type).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(type.getSimpleName() + " " + name + " is not in " + K8S));
    }

    private static List<String> extraArgs(StatefulSet broker) {
        String value = broker.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("EXTRA_ARGS")).findFirst().orElseThrow().getValue();
        return List.of(value.trim().split("\\s+"));
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> kustomizationList(String key) {
        try {
            Map<String, Object> kustomization = new Yaml().load(Files.readString(K8S.resolve(KUSTOMIZATION)));
            return (List<T>) kustomization.get(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** configMapGenerator name -> its files, as paths from the repository root. */
    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> generatedConfigMaps() {
        Map<String, List<String>> generated = new LinkedHashMap<>();
        for (Map<String, Object> generator : KubernetesManifestsTest.<Map<String, Object>>kustomizationList("configMapGenerator")) {
            List<String> files = new ArrayList<>();
            for (String file : (List<String>) generator.get("files")) {
                Path path = K8S.resolve(file).normalize();
                assertThat(path).as("generator file").isRegularFile();
                files.add(path.toString().replace('\\', '/'));
            }
            generated.put((String) generator.get("name"), files);
        }
        return generated;
    }

    private static List<String> filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).map(f -> f.toString().replace('\\', '/')).toList();
        }
    }

    /**
     * @return the actuator health paths Ficus serves, from application.yml: {@code <base>/health}, the probe
     *     groups when {@code management.endpoint.health.probes.enabled} is true, and every declared group
     */
    @SuppressWarnings("unchecked")
    private static Set<String> healthPathsFicusServes() throws IOException {
        Map<String, Object> yml = new Yaml().load(Files.readString(Path.of("src/main/resources/application.yml")));
        Map<String, Object> management = (Map<String, Object>) yml.get("management");
        Map<String, Object> web = (Map<String, Object>) ((Map<String, Object>) management.get("endpoints")).get("web");
        String base = String.valueOf(web.getOrDefault("base-path", "/actuator"));
        String exposed = String.valueOf(((Map<String, Object>) web.get("exposure")).get("include"));
        Map<String, Object> health = (Map<String, Object>) ((Map<String, Object>) management.get("endpoint")).get("health");

        Set<String> served = new TreeSet<>();
        if (!List.of(exposed.split(",")).contains("health")) {
            return served;
        }
        served.add(base + "/health");
        Map<String, Object> probes = (Map<String, Object>) health.getOrDefault("probes", Map.of());
        if (Boolean.TRUE.equals(probes.get("enabled"))) {
            served.add(base + "/health/liveness");
            served.add(base + "/health/readiness");
        }
        ((Map<String, Object>) health.getOrDefault("group", Map.of())).keySet()
                .forEach(group -> served.add(base + "/health/" + group));
        return served;
    }

    private static Set<String> concat(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
