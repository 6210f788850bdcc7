package dev.ficus.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the request body of the paths it is registered for (a {@code FilterRegistrationBean} of the capability
 * that owns them): the body is read here, at most {@code maxBytes + 1} bytes of it, and handed on in memory, so no
 * later reader (Camel's platform-http binding, Spring MVC) ever holds more than {@code maxBytes}. The pass-through
 * proxy and every path the filter is not registered for stream as before.
 *
 * <ul>
 *   <li>no body ({@code Content-Length: 0}, or neither it nor {@code Transfer-Encoding}): goes on untouched;</li>
 *   <li>{@code Content-Length} above {@code maxBytes}: 413 at once, nothing read;</li>
 *   <li>a body (fixed length or chunked) that grows past {@code maxBytes} while being read: 413 as soon as it does
 *       (the rest is never read; the answer carries {@code Connection: close});</li>
 *   <li>{@code Content-Encoding: gzip}: decoded here, {@code maxBytes} bounds the decoded bytes too (no
 *       decompression bomb); any other coding than {@code gzip} or {@code identity}: 415;</li>
 *   <li>otherwise the request goes on with the same bytes, {@code Content-Length} = their count, no
 *       {@code Content-Encoding}.</li>
 * </ul>
 * Refusals are RFC 9457 {@code application/problem+json} answers written by {@link Problems} (with
 * {@code instance}, {@code requestId} and the extension member {@code maxBytes}); status 413 is "Content Too Large"
 * of RFC 9110 §15.5.14.
 */
public class RequestBodyLimit extends OncePerRequestFilter {

    private static final int CHUNK = 64 * 1024;

    private final long maxBytes;
    private final String setting;
    private final Problems problems;

    /**
     * @param maxBytes largest body accepted, bytes (decoded, when gzip)
     * @param setting  the configuration key that sets {@code maxBytes}, named in the problem's {@code detail}
     * @param problems the problem writer
     */
    public RequestBodyLimit(long maxBytes, String setting, Problems problems) {
        this.maxBytes = maxBytes;
        this.setting = setting;
        this.problems = problems;
    }

    /** @return the largest body accepted, bytes */
    public long maxBytes() {
        return maxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String coding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
        boolean gzip = coding != null && "gzip".equalsIgnoreCase(coding.strip());
        if (coding != null && !gzip && !"identity".equalsIgnoreCase(coding.strip())) {
            refuse(request, response, 415, "Content-Encoding " + coding.strip()
                    + " is not supported here (gzip or identity)");
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared == 0 || declared < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null) {
            chain.doFilter(request, response);   // no body (RFC 9112 §6.3): nothing to bound or copy
            return;
        }
        if (declared > maxBytes) {
            refuse(request, response, 413, tooLarge("declares Content-Length " + declared + ", more"));
            return;
        }
        byte[] body;
        try (InputStream raw = request.getInputStream();
             InputStream in = gzip ? new GZIPInputStream(raw, CHUNK) : raw) {
            body = readAtMost(in, declared);
        }
        if (body == null) {
            refuse(request, response, 413, tooLarge(gzip ? "decodes to more" : "is longer"));
            return;
        }
        chain.doFilter(new InMemoryRequestBody(request, body), response);
    }

    /** @return up to {@code maxBytes} bytes, or {@code null} as soon as there are more */
    private byte[] readAtMost(InputStream in, long declared) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 0), CHUNK));
        byte[] chunk = new byte[(int) Math.min(CHUNK, declared < 0 ? CHUNK : Math.min(declared, maxBytes) + 1)];
        long total = 0;
        for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
            total += n;
            if (total > maxBytes) {
                return null;
            }
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    private String tooLarge(String what) {
        return "the request body " + what + " than " + maxBytes + " bytes, the limit set by " + setting;
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, int status, String detail)
            throws IOException {
        ProblemDetail problem = Problems.problem(status, detail);
        problem.setProperty("maxBytes", maxBytes);
        // the rest of the body is never read: the connection is not reused for another request
        response.setHeader(HttpHeaders.CONNECTION, "close");
        problems.write(request, response, problem);
        response.flushBuffer();
    }
}
