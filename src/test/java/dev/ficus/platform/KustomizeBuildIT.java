package dev.ficus.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s renders: {@code kubectl kustomize --load-restrictor=LoadRestrictionsNone deploy/k8s} (the command the
 * README gives; kubectl is on the machine image) succeeds, its output parses strictly ({@link StrictManifests}),
 * every ConfigMap a workload mounts is in it, and the generated ones carry the repository files' exact content.
 */
class KustomizeBuildIT {

    @Test
    void shouldRenderIntoStrictlyValidManifestsWithTheRepositorysFiles() throws Exception {
        List<HasMetadata> rendered = StrictManifests.parse(kustomize(), "kubectl kustomize deploy/k8s");
        Map<String, ConfigMap> configMaps = rendered.stream().filter(ConfigMap.class::isInstance)
                .map(ConfigMap.class::cast).collect(Collectors.toMap(c -> c.getMetadata().getName(), Function.identity()));

        List<Volume> mounted = rendered.stream().flatMap(r -> r instanceof Deployment d
                ? d.getSpec().getTemplate().getSpec().getVolumes().stream()
                : r instanceof StatefulSet s ? s.getSpec().getTemplate().getSpec().getVolumes().stream()
                : java.util.stream.Stream.empty()).filter(v -> v.getConfigMap() != null).toList();
        assertThat(mounted).isNotEmpty().allSatisfy(v -> assertThat(configMaps).as("ConfigMaps in the output")
                .containsKey(v.getConfigMap().getName()));

        assertThat(configMaps).containsKey("artemis-broker-properties"); // no hash suffix: see kustomization.yaml
        assertThat(configMaps.get("artemis-broker-properties").getData().get("broker.properties"))
                .isEqualTo(Files.readString(Path.of("deploy/artemis/broker.properties")));
        ConfigMap posRoutes = configMaps.values().stream()
                .filter(c -> c.getMetadata().getName().startsWith("ficus-routes-pos-")).findFirst().orElseThrow();
        assertThat(posRoutes.getData().get("pos-posting.camel.yaml"))
                .isEqualTo(Files.readString(Path.of("routes/pos/pos-posting.camel.yaml")));
        assertThat(rendered.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream()))
                .allSatisfy(c -> assertThat(c.getImage()).doesNotEndWith(":latest").contains(":"));
    }

    private static String kustomize() throws Exception {
        Path errors = Files.createTempFile("kustomize", ".err");
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", "--load-restrictor=LoadRestrictionsNone", "deploy/k8s")
                    .redirectError(errors.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("kubectl is not installed: this test renders deploy/k8s with kubectl kustomize", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize finished").isTrue();
        assertThat(process.exitValue()).as("kubectl kustomize: %s", Files.readString(errors)).isZero();
        return output;
    }
}
