package dev.ficus.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ficus.platform.StartupCheckException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class SurfaceAccessTest {

    @Test
    void shouldOpenARoleWithoutCredentialToLoopbackCallersOnly() {
        SurfaceAccess access = new SurfaceAccess(Set.of(Role.API_CLIENT), true, false, false);

        assertThat(access.unguarded()).containsExactlyInAnyOrder(Role.POS_PRODUCER, Role.MONITORING);
        assertThat(access.openOnLoopback(Role.MONITORING, "127.0.0.1")).isTrue();
        assertThat(access.openOnLoopback(Role.MONITORING, "0:0:0:0:0:0:0:1")).isTrue();
        assertThat(access.openOnLoopback(Role.MONITORING, "10.1.2.3")).as("remote caller").isFalse();
        assertThat(access.openOnLoopback(Role.MONITORING, "192.168.0.7")).isFalse();
        assertThat(access.openOnLoopback(Role.API_CLIENT, "127.0.0.1")).as("role with a key").isFalse();
        assertThat(access.openOnLoopback(Role.OPERATOR, "127.0.0.1")).as("role with the admin token").isFalse();
        assertThat(access.loopbackCaller("10.1.2.3")).isNull();
        var loopback = access.loopbackCaller("127.0.0.1");
        assertThat(loopback.getName()).isEqualTo("loopback:127.0.0.1");
        assertThat(loopback.getAuthorities().stream().map(Object::toString))
                .containsExactlyInAnyOrder("ROLE_pos-producer", "ROLE_monitoring");
    }

    @Test
    void shouldNeverTakeAHostNameForLoopback() {
        assertThat(SurfaceAccess.isLoopback("localhost")).isFalse();
        assertThat(SurfaceAccess.isLoopback("")).isFalse();
        assertThat(SurfaceAccess.isLoopback(null)).isFalse();
        assertThat(SurfaceAccess.isLoopback("127.9.9.9")).isTrue();
        assertThat(SurfaceAccess.isLoopback("::1")).isTrue();
    }

    @Test
    void shouldGuardEverySurfaceWhenJwtsAreAccepted() {
        SurfaceAccess access = new SurfaceAccess(Set.of(), false, true, false);
        assertThat(access.unguarded()).isEmpty();
        assertThat(access.loopbackCaller("127.0.0.1")).isNull();
        access.requireCredentials();
    }

    @Test
    void shouldRefuseProductionWithASurfaceWithoutCredential() {
        SurfaceAccess access = new SurfaceAccess(EnumSet.of(Role.API_CLIENT, Role.POS_PRODUCER), true, false, false);

        assertThatThrownBy(access::requireCredentials).isInstanceOf(StartupCheckException.class)
                .hasMessage("profile prod needs a credential for every HTTP surface; none for monitoring "
                        + "(/actuator/**): set ficus.security.api-keys[n] granting that role (env "
                        + "FICUS_SECURITY_APIKEYS_0_NAME, _KEY, _ROLES) or a JWT issuer "
                        + "(SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI)");
    }

    @Test
    void shouldSayLoudlyWhichSurfacesAreOpenToLoopbackOnly() {
        List<String> summary = new SurfaceAccess(Set.of(Role.API_CLIENT), false, false, true).summary();
        assertThat(summary).contains("/admin/**, /console/**, /cdc/**: OPEN TO LOOPBACK ONLY: no credential for "
                + "role operator", "/api/v1/**: needs role api-client", "/actuator/health/**: open to everyone",
                "/legacy/** and any other path: open to everyone");
    }

    @Test
    void shouldJudgeTheDecodedNormalisedPath() {
        for (String path : List.of("/admin", "/admin/traffic/routes", "/%61dmin/x", "/admi%6E/x", "/ADMIN/x",
                "/admin;x/y", "//admin/x", "/api/../admin/x", "/admin%2Fx", "/console/x", "/cdc/events")) {
            assertThat(Surface.of(new MockHttpServletRequest("GET", path))).as(path).isEqualTo(Surface.OPERATOR);
        }
        assertThat(Surface.of(new MockHttpServletRequest("GET", "/api/v1/openapi.json"))).isEqualTo(Surface.DOCS);
        assertThat(Surface.of(new MockHttpServletRequest("GET", "/api/v1/docs/index.html"))).isEqualTo(Surface.DOCS);
        assertThat(Surface.of(new MockHttpServletRequest("GET", "/api/v1/swagger-ui/index.html")))
                .isEqualTo(Surface.DOCS);
        assertThat(Surface.of(new MockHttpServletRequest("POST", "/api/v1/pos/transactions")))
                .isEqualTo(Surface.POS);
        assertThat(Surface.of(new MockHttpServletRequest("GET", "/api/v1/administrators"))).isEqualTo(Surface.API);
        assertThat(Surface.of(new MockHttpServletRequest("GET", "/actuator/health/readiness")))
                .isEqualTo(Surface.HEALTH);
        assertThat(Surface.of(new MockHttpServletRequest("GET", "/actuator/health/../metrics")))
                .isEqualTo(Surface.MONITORING);
        assertThat(Surface.of(new MockHttpServletRequest("GET", "/%61ctuator/camelroutes")))
                .isEqualTo(Surface.MONITORING);
        assertThat(Surface.of(new MockHttpServletRequest("GET", "/legacy/retailcore/admin")))
                .isEqualTo(Surface.PASS_THROUGH);
    }

    @Test
    void shouldOpenOnlyTheConsolesShellAndAssets() {
        for (String path : List.of("/console", "/CONSOLE", "/console/assets/console.css", "/console;x")) {
            assertThat(Surface.of(new MockHttpServletRequest("GET", path))).as(path).isEqualTo(Surface.CONSOLE_SHELL);
        }
        for (String path : List.of("/console/", "/console/ledger", "/console/assets/../ledger",
                "/console/assets/%2e%2e/ledger", "/console/assets%2F..%2Fledger", "//console/ledger",
                "/console/%61ssets/x")) {
            assertThat(Surface.of(new MockHttpServletRequest("GET", path))).as(path).isEqualTo(Surface.OPERATOR);
        }
    }

    @Test
    void shouldRefuseKeysThatCannotWork() {
        assertThatThrownBy(() -> new ApiKeys(List.of(new HttpSecurityProperties.ApiKey("a", "short", null,
                List.of("operator"))))).hasMessageContaining("at least 16 characters");
        assertThatThrownBy(() -> new ApiKeys(List.of(new HttpSecurityProperties.ApiKey("a", "0123456789abcdef",
                null, List.of("admin"))))).hasMessageContaining("unknown role admin");
        assertThatThrownBy(() -> new ApiKeys(List.of(new HttpSecurityProperties.ApiKey("a", "0123456789abcdef",
                "ab", List.of("operator"))))).hasMessageContaining("exactly one of key and key-sha256");
    }

    @Test
    void shouldJudgeTheHostOnlyWhereAskedAndBrowserMarksEverywhere() {
        MockHttpServletRequest rebound = new MockHttpServletRequest("POST", "/admin/traffic/routes/x/rollout");
        rebound.addHeader("Host", "rebound.evil.example:8080");
        assertThat(SurfaceAccess.fromAnotherSite(rebound, true)).as("operator: DNS rebinding").isTrue();
        assertThat(SurfaceAccess.fromAnotherSite(rebound, false)).as("pass-through: a legacy host name").isFalse();

        MockHttpServletRequest crossSite = new MockHttpServletRequest("POST", "/legacy/x");
        crossSite.addHeader("Host", "localhost:8080");
        crossSite.addHeader("Sec-Fetch-Site", "cross-site");
        assertThat(SurfaceAccess.fromAnotherSite(crossSite, false)).isTrue();

        MockHttpServletRequest curl = new MockHttpServletRequest("POST", "/admin/x");
        curl.addHeader("Host", "127.0.0.1:8080");
        assertThat(SurfaceAccess.fromAnotherSite(curl, true)).isFalse();
    }
}
