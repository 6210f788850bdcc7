package dev.ficus.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The monitoring files agree with each other and with docker-compose.yml: the dashboard has panels for every
 * capability on the provisioned data source, Prometheus scrapes every replica with a key the replicas grant
 * {@code monitoring}, and compose mounts what Prometheus and Grafana read. Whether Ficus registers every metric the
 * dashboard queries is checked against a real scrape by {@link PrometheusScrapeIT}.
 */
class ObservabilityConfigTest {

    @Test
    void shouldExtractOnlyMetricNamesFromPromQl() {
        assertThat(ObservabilityConfig.metricNames("histogram_quantile(0.99, sum by (le, uri) (rate("
                + "http_server_requests_seconds_bucket{uri=~\"/api/v1/.+\",status!=\"500\"}[$__rate_interval])))"))
                .containsExactly("http_server_requests_seconds_bucket");
        assertThat(ObservabilityConfig.metricNames("sum by (route) (rate(a_total{side=\"modern\"}[5m])) / on (route)"
                + " group_left sum without (side) (rate(b_total[1m] offset 1h)) * 1e3 and max(c_ratio) > bool 0"))
                .containsExactly("a_total", "b_total", "c_ratio");
    }

    @Test
    void shouldQueryEveryCapabilityOnTheProvisionedDataSource() throws IOException {
        Set<String> metrics = ObservabilityConfig.queriedMetrics();
        List<String> titles = ObservabilityConfig.panels().stream().map(p -> p.path("title").asText()).toList();

        assertThat(titles).contains("Façade", "Traffic control", "Change data capture", "POS ingest");
        assertThat(metrics).contains("http_server_requests_seconds_count", "http_server_requests_seconds_bucket",
                "ficus_traffic_requests_seconds_count", "ficus_traffic_requests_seconds_bucket",
                "ficus_traffic_shadow_mismatch_rate_ratio", "ficus_traffic_fallbacks_total",
                "ficus_traffic_route_state", "ficus_traffic_route_modern_share_percent",
                "ficus_cdc_events_total", "ficus_cdc_lag_milliseconds", "ficus_cdc_slot_retained_wal_bytes",
                "ficus_pos_received_transactions_total", "ficus_pos_published_transactions_total",
                "ficus_pos_duplicates_transactions_total", "ficus_pos_dead_lettered_transactions_total");
        String uid = String.valueOf(datasource().get("uid"));
        for (JsonNode panel : ObservabilityConfig.panels()) {
            if (!panel.path("type").asText().equals("row")) {
                assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
                assertThat(panel.at("/datasource/uid").asText()).as(panel.path("title").asText()).isEqualTo(uid);
                panel.path("targets").forEach(t -> assertThat(ObservabilityConfig.metricNames(t.path("expr").asText()))
                        .as(t.path("expr").asText()).isNotEmpty());
            }
        }
        assertThat(String.valueOf(datasource().get("url"))).isEqualTo("http://prometheus:9090");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldScrapeEveryReplicaWithAKeyThatGrantsOnlyMonitoring() throws IOException {
        Map<String, Object> job = ((List<Map<String, Object>>) load(ObservabilityConfig.PROMETHEUS)
                .get("scrape_configs")).get(0);
        List<String> targets = (List<String>) ((List<Map<String, Object>>) job.get("static_configs")).get(0)
                .get("targets");
        String key = ((List<String>) ((Map<String, Map<String, Object>>) job.get("http_headers")).get("X-API-Key")
                .get("secrets")).get(0);
        Map<String, Object> services = (Map<String, Object>) load(Path.of("docker-compose.yml")).get("services");
        Set<String> replicas = services.keySet().stream().filter(s -> s.matches("ficus-\\d+"))
                .map(s -> s + ":8080").collect(Collectors.toCollection(TreeSet::new));
        Map<String, Object> environment = (Map<String, Object>) ((Map<String, Object>) services.get("ficus-1"))
                .get("environment");
        String index = environment.entrySet().stream().filter(e -> key.equals(e.getValue())).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new AssertionError("no replica key is " + key))
                .replaceAll("^FICUS_SECURITY_APIKEYS_(\\d+)_KEY$", "$1");

        assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
        assertThat(new TreeSet<>(targets)).isEqualTo(replicas).hasSizeGreaterThanOrEqualTo(2);
        assertThat(environment.get("FICUS_SECURITY_APIKEYS_" + index + "_ROLES")).isEqualTo("monitoring");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldMountTheMonitoringFilesIntoPrometheusAndGrafana() throws IOException {
        Map<String, Object> services = (Map<String, Object>) load(Path.of("docker-compose.yml")).get("services");

        assertThat(volumes(services, "prometheus"))
                .contains("./config/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
        assertThat(volumes(services, "grafana")).contains(
                "./config/grafana/provisioning:/etc/grafana/provisioning:ro",
                "./config/grafana/dashboards:/var/lib/grafana/dashboards:ro");
        Map<String, Object> provider = ((List<Map<String, Object>>) load(
                Path.of("config/grafana/provisioning/dashboards/ficus.yml")).get("providers")).get(0);
        assertThat(((Map<String, Object>) provider.get("options")).get("path")).isEqualTo("/var/lib/grafana/dashboards");
        assertThat(ObservabilityConfig.DASHBOARD).exists();
    }

    @SuppressWarnings("unchecked")
    private static List<String> volumes(Map<String, Object> services, String service) {
        return (List<String>) ((Map<String, Object>) services.get(service)).get("volumes");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> datasource() throws IOException {
        return ((List<Map<String, Object>>) load(Path.of("config/grafana/provisioning/datasources/prometheus.yml"))
                .get("datasources")).get(0);
    }

    private static Map<String, Object> load(Path file) throws IOException {
        return new Yaml().load(Files.readString(file));
    }
}
