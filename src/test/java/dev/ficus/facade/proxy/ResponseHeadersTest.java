package dev.ficus.facade.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

class ResponseHeadersTest {

    @Test
    void shouldPassTheTargetsHeadersExceptHopByHopInternalAndItsRequestId() {
        BasicClassicHttpResponse answer = new BasicClassicHttpResponse(200);
        answer.addHeader("Content-Type", "application/xml; charset=UTF-8");
        answer.addHeader("Set-Cookie", "a=1");
        answer.addHeader("Set-Cookie", "b=2");
        answer.addHeader("Connection", "close, X-Hop");
        answer.addHeader("X-Hop", "1");
        answer.addHeader("Transfer-Encoding", "chunked");
        answer.addHeader("Proxy-Authenticate", "Basic");
        answer.addHeader("CamelHttpResponseCode", "500");
        answer.addHeader("X-Request-Id", "targets-own");
        answer.addHeader("Retry-After", "7");
        MockHttpServletResponse response = new MockHttpServletResponse();

        ResponseHeaders.copy(answer, response);

        assertThat(response.getHeaderNames()).containsExactlyInAnyOrder("Content-Type", "Set-Cookie", "Retry-After");
        assertThat(response.getHeaders("Set-Cookie")).containsExactly("a=1", "b=2");
        assertThat(response.getHeader("Retry-After")).isEqualTo("7");
    }
}
