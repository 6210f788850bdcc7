package dev.ficus.facade.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.Header;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class RequestHeadersTest {

    private final HttpUriRequestBase outgoing = new HttpUriRequestBase("GET", URI.create("http://target:9"));

    private MockHttpServletRequest request() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/raw/x");
        request.setRemoteAddr("10.0.0.7");
        request.setScheme("http");
        request.setServerPort(8080);
        return request;
    }

    @Test
    void shouldPassOrdinaryHeadersAndDropHopByHopInternalAndReplacedOnes() {
        MockHttpServletRequest request = request();
        request.addHeader("Host", "ficus:8080");
        request.addHeader("Accept", "a/b");
        request.addHeader("Accept", "c/d");
        request.addHeader("Connection", "keep-alive, X-Hop");
        request.addHeader("X-Hop", "1");
        request.addHeader("Keep-Alive", "timeout=5");
        request.addHeader("TE", "trailers");
        request.addHeader("Upgrade", "h2c");
        request.addHeader("Proxy-Authorization", "Basic x");
        request.addHeader("CamelHttpUri", "/evil");
        request.addHeader("org.apache.camel.Foo", "x");
        request.addHeader("Expect", "100-continue");
        request.addHeader("Content-Length", "3");
        request.addHeader("X-Request-Id", "client-id");

        RequestHeaders.copy(request, outgoing, "req-1");

        assertThat(values("Accept")).containsExactly("a/b", "c/d");
        assertThat(outgoing.getHeaders()).extracting(Header::getName).doesNotContain("Host", "Connection", "X-Hop",
                "Keep-Alive", "TE", "Upgrade", "Proxy-Authorization", "CamelHttpUri", "org.apache.camel.Foo",
                "Expect", "Content-Length");
        assertThat(values("X-Request-Id")).containsExactly("req-1");
    }

    @Test
    void shouldReplaceXForwardedAndAppendToForwardedFor() {
        MockHttpServletRequest request = request();
        request.addHeader("Host", "shop.example:8443");
        request.addHeader("X-Forwarded-Host", "spoofed");
        request.addHeader("X-Forwarded-Proto", "gopher");
        request.addHeader("X-Forwarded-Port", "1");
        request.addHeader("X-Forwarded-For", "1.1.1.1");
        request.addHeader("X-Forwarded-For", "2.2.2.2");
        request.addHeader("Forwarded", "for=1.1.1.1");

        RequestHeaders.copy(request, outgoing, "req-2");

        assertThat(values("X-Forwarded-Host")).containsExactly("shop.example:8443");
        assertThat(values("X-Forwarded-Proto")).containsExactly("http");
        assertThat(values("X-Forwarded-Port")).containsExactly("8443");   // the port the client addressed
        assertThat(values("X-Forwarded-For")).containsExactly("1.1.1.1, 2.2.2.2, 10.0.0.7");
        assertThat(values("Forwarded"))
                .containsExactly("for=1.1.1.1, for=10.0.0.7;host=\"shop.example:8443\";proto=http");
    }

    @Test
    void shouldBracketAnIpv6ClientAndLeaveOutAMissingHost() {
        MockHttpServletRequest request = request();
        request.setRemoteAddr("::1");
        request.removeHeader("Host");

        RequestHeaders.copy(request, outgoing, "req-3");

        assertThat(values("Forwarded")).containsExactly("for=\"[::1]\";proto=http");
        assertThat(values("X-Forwarded-For")).containsExactly("::1");
        assertThat(outgoing.containsHeader("X-Forwarded-Host")).isFalse();
    }

    private List<String> values(String name) {
        return Arrays.stream(outgoing.getHeaders(name)).map(Header::getValue).toList();
    }
}
