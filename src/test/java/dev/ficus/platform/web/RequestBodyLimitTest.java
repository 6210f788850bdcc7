package dev.ficus.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.DelegatingServletInputStream;

/** The body bound of a path: read while streaming, refused 413 at the limit, passed on in memory below it. */
class RequestBodyLimitTest {

    static final int LIMIT = 1000;
    final ObjectMapper json = new ObjectMapper();
    final RequestBodyLimit filter = new RequestBodyLimit(LIMIT, "test.max-bytes", new Problems(json));

    MockHttpServletRequest request(byte[] body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/pos/transactions");
        request.setContentType("application/xml");
        request.setContent(body);
        return request;
    }

    @Test
    void shouldPassABodyAtTheLimitOnUnchanged() throws Exception {
        byte[] body = "x".repeat(LIMIT).getBytes(StandardCharsets.US_ASCII);
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request(body), new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isNotNull();
        assertThat(chain.getRequest().getInputStream().readAllBytes()).isEqualTo(body);
        assertThat(chain.getRequest().getContentLengthLong()).isEqualTo(LIMIT);
    }

    @Test
    void shouldHandOnARequestWithoutABodyAsItIs() throws Exception {
        AtomicLong read = new AtomicLong();
        MockHttpServletRequest get = endless(read);
        get.setMethod("GET");
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(get, new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isSameAs(get);
        assertThat(read.get()).as("no Content-Length, no Transfer-Encoding: no body to read").isZero();
    }

    @Test
    void shouldRefuseADeclaredLengthAboveTheLimitWithoutReadingAByte() throws Exception {
        AtomicLong read = new AtomicLong();
        MockHttpServletRequest request = endless(read);
        request.addHeader("Content-Length", "400000000");
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, response, chain);

        assertThat(read.get()).isZero();
        assertThat(chain.getRequest()).isNull();
        assertProblem(response, 413, "Content-Length 400000000, more than");
    }

    @Test
    void shouldStopReadingAChunkedBodyJustPastTheLimit() throws Exception {
        AtomicLong read = new AtomicLong();
        MockHttpServletRequest request = endless(read);
        request.addHeader("Transfer-Encoding", "chunked");
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(request, response, new MockFilterChain());

        assertThat(read.get()).isGreaterThan(LIMIT).isLessThanOrEqualTo(LIMIT + 64 * 1024);
        assertProblem(response, 413, "longer than 1000 bytes");
        assertThat(response.getHeader("Connection")).isEqualTo("close");
    }

    @Test
    void shouldBoundTheDecodedBytesOfAGzipBody() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write(new byte[LIMIT * 100]);
        }
        MockHttpServletRequest request = request(zipped.toByteArray());
        request.addHeader("Content-Encoding", "gzip");
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(request, response, new MockFilterChain());

        assertProblem(response, 413, "decodes to more");
    }

    @Test
    void shouldHandOnAGzipBodyDecodedWithoutItsContentEncoding() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write("<POSLog/>".getBytes(StandardCharsets.US_ASCII));
        }
        MockHttpServletRequest request = request(zipped.toByteArray());
        request.addHeader("Content-Encoding", "gzip");
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, new MockHttpServletResponse(), chain);

        var passed = (jakarta.servlet.http.HttpServletRequest) chain.getRequest();
        assertThat(new String(passed.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                .isEqualTo("<POSLog/>");
        assertThat(passed.getHeader("Content-Encoding")).isNull();
        assertThat(passed.getHeader("Content-Length")).isEqualTo("9");
    }

    @Test
    void shouldRefuseAnUnknownContentEncodingWith415() throws Exception {
        MockHttpServletRequest request = request(new byte[10]);
        request.addHeader("Content-Encoding", "br");
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(request, response, new MockFilterChain());

        assertProblem(response, 415, "Content-Encoding br");
    }

    /** A request whose body never ends (no Content-Length, as chunked), counting what is read of it. */
    static MockHttpServletRequest endless(AtomicLong read) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/pos/transactions");
        request.setContentType("application/xml");
        request.setContent(null);
        InputStream forever = new InputStream() {
            @Override
            public int read() {
                read.incrementAndGet();
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'x');
                read.addAndGet(len);
                return len;
            }
        };
        return new MockHttpServletRequest("POST", "/api/v1/pos/transactions") {
            @Override
            public jakarta.servlet.ServletInputStream getInputStream() {
                return new DelegatingServletInputStream(forever);
            }

            @Override
            public long getContentLengthLong() {
                String declared = getHeader("Content-Length");
                return declared == null ? -1 : Long.parseLong(declared);
            }
        };
    }

    void assertProblem(MockHttpServletResponse response, int status, String detail) throws IOException {
        assertThat(response.getStatus()).isEqualTo(status);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        JsonNode problem = json.readTree(response.getContentAsByteArray());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).contains(detail);
        assertThat(problem.get("instance").asText()).isEqualTo("/api/v1/pos/transactions");
        assertThat(problem.get("maxBytes").asLong()).isEqualTo(LIMIT);
    }
}
