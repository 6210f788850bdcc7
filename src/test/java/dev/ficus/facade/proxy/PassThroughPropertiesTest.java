package dev.ficus.facade.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ficus.facade.proxy.PassThroughProperties.Route;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PassThroughPropertiesTest {

    @Test
    void shouldNameLegacyBaseUrlWhenTheTargetIsEmpty() {
        assertThatThrownBy(() -> new Route("legacy", "/legacy", null, 2000, 10_000, 200))
                .isInstanceOf(dev.ficus.platform.StartupCheckException.class)
                .hasMessageContaining("set LEGACY_BASE_URL");
    }

    @Test
    void shouldAcceptARouteWithATargetPath() {
        Route route = route("legacy", "/legacy", "http://retailcore.internal:7001/base");

        assertThat(new PassThroughProperties(List.of(route)).routes()).containsExactly(route);
    }

    @ParameterizedTest
    @ValueSource(strings = {"legacy", "/legacy/", "/legacy/*", "/leg acy", "/", ""})
    void shouldRefuseAPathPrefixThatIsNotALiteralPath(String prefix) {
        assertThatThrownBy(() -> route("legacy", prefix, "http://localhost:8090"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("facade.passthrough.routes[legacy].path-prefix");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:8090", "ftp://localhost/", "http://localhost:8090/x?y=1", "/relative"})
    void shouldRefuseATargetThatIsNotAnAbsoluteHttpUriWithoutQuery(String target) {
        assertThatThrownBy(() -> route("legacy", "/legacy", target))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("facade.passthrough.routes[legacy].target");
    }

    @Test
    void shouldRefuseTwoRoutesOnOnePrefix() {
        List<Route> routes = List.of(route("a", "/legacy", "http://a"), route("b", "/legacy", "http://b"));

        assertThatThrownBy(() -> new PassThroughProperties(routes))
                .hasMessageContaining("path-prefix '/legacy' is used twice");
    }

    @Test
    void shouldRefuseNonPositiveTimeouts() {
        assertThatThrownBy(() -> new Route("legacy", "/legacy", URI.create("http://a"), 0, 10_000, 200))
                .hasMessageContaining("must be positive");
    }

    private static Route route(String id, String prefix, String target) {
        return new Route(id, prefix, URI.create(target), 2000, 10_000, 200);
    }
}
