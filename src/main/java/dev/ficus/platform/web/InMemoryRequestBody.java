package dev.ficus.platform.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.springframework.http.HttpHeaders;

/**
 * A request whose body was read already ({@link RequestBodyLimit}): the same bytes, from memory, any number of
 * times; {@code Content-Length} = their count; no {@code Content-Encoding} or {@code Transfer-Encoding}.
 */
final class InMemoryRequestBody extends HttpServletRequestWrapper {
    private final byte[] body;

    /**
     * @param request the client's request, its body consumed
     * @param body    the body's (decoded) bytes
     */
    InMemoryRequestBody(HttpServletRequest request, byte[] body) {
        super(request);
        this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new IllegalStateException("the body is in memory: read it blocking");
            }

            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, len);
            }
        };
    }

    @Override
    public BufferedReader getReader() throws UnsupportedEncodingException {
        String encoding = getCharacterEncoding();
        return new BufferedReader(new InputStreamReader(getInputStream(),
                encoding == null ? StandardCharsets.ISO_8859_1.name() : encoding));
    }

    @Override
    public int getContentLength() {
        return body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body.length;
    }

    @Override
    public String getHeader(String name) {
        if (HttpHeaders.CONTENT_ENCODING.equalsIgnoreCase(name)
                || HttpHeaders.TRANSFER_ENCODING.equalsIgnoreCase(name)) {
            return null;
        }
        if (HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
            return Integer.toString(body.length);
        }
        return super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        String value = getHeader(name);
        if (HttpHeaders.CONTENT_ENCODING.equalsIgnoreCase(name) || HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)
                || HttpHeaders.TRANSFER_ENCODING.equalsIgnoreCase(name)) {
            return value == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(value));
        }
        return super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = new ArrayList<>();
        for (Enumeration<String> e = super.getHeaderNames(); e.hasMoreElements(); ) {
            String n = e.nextElement();
            if (!HttpHeaders.CONTENT_ENCODING.equalsIgnoreCase(n)
                    && !HttpHeaders.TRANSFER_ENCODING.equalsIgnoreCase(n)
                    && !HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(n)) {
                names.add(n);
            }
        }
        names.add(HttpHeaders.CONTENT_LENGTH);
        return Collections.enumeration(names);
    }
}
