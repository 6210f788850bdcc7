package dev.ficus.facade.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetPathsTest {

    private final TargetPaths paths = new TargetPaths("/raw", URI.create("http://127.0.0.1:1/base/"));

    @Test
    void shouldAppendTheRawRestAndQueryToTheTargetPath() {
        assertThat(paths.targetPath("/raw/a%2Fb/%20%25+/%e2%82%ac", "", "q=a%20b&x=+"))
                .isEqualTo("/base/a%2Fb/%20%25+/%e2%82%ac?q=a%20b&x=+");
        assertThat(paths.targetPath("/raw", "", "x=1")).isEqualTo("/base?x=1");
        assertThat(paths.targetPath("/ctx/raw/a", "/ctx", null)).isEqualTo("/base/a");
        assertThat(new TargetPaths("/raw", URI.create("http://h")).targetPath("/raw", "", null)).isEqualTo("/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/rawx/a", "/other/raw", "/raw/a/%2e%2E/b", "/raw/./a", "/raw/a/..", "/raw/a/..;x=1/b",
            "/raw/a/%2e%2e%2f%2e%2e%2fetc", "/raw/a%5c..%5cb", "/raw/%2E"})
    void shouldRefusePathsOutsideThePrefixOrWithDotSegments(String raw) {
        assertThat(paths.targetPath(raw, "", null)).isNull();
    }

    @Test
    void shouldKeepSegmentsThatOnlyLookLikeDots() {
        assertThat(paths.targetPath("/raw/.../a..b/.x", "", null)).isEqualTo("/base/.../a..b/.x");
    }
}
