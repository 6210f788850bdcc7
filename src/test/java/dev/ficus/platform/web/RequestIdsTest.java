package dev.ficus.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void shouldContinueTheClientsTraceWithANewParentId() {
        String incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

        String child = RequestIds.childTraceparent(incoming);

        assertThat(child).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").endsWith("-01")
                .doesNotContain("00f067aa0ba902b7");
        assertThat(RequestIds.isValidTraceparent(child)).isTrue();
    }

    @Test
    void shouldStartANewTraceForAnInvalidTraceparent() {
        assertThat(RequestIds.isValidTraceparent("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isFalse();
        assertThat(RequestIds.isValidTraceparent("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).isFalse();
        assertThat(RequestIds.isValidTraceparent("garbage")).isFalse();
        assertThat(RequestIds.childTraceparent("garbage")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    }
}
