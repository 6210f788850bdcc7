package dev.ficus.facade.proxy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * An HTTP/1.1 client on a raw socket: sends the exact bytes a test writes (Host, odd escapes, hop-by-hop headers
 * that java.net.http refuses to send) and reads the answer without decoding or normalising it.
 */
final class RawClient implements AutoCloseable {

    /** An answer as received; {@code complete} is false when the connection ended before the body did. */
    record Answer(String statusLine, List<Map.Entry<String, String>> headers, byte[] body, boolean complete) {

        int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        List<String> all(String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
        }

        String header(String name) {
            List<String> values = all(name);
            return values.isEmpty() ? null : values.get(0);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private String statusLine;
    private List<Map.Entry<String, String>> headers;

    RawClient(int port) throws IOException {
        socket = new Socket(InetAddress.getByName("127.0.0.1"), port);
        socket.setSoTimeout(20_000);
        in = new BufferedInputStream(socket.getInputStream());
    }

    /** Sends one request and reads the whole answer on a fresh connection. */
    static Answer exchange(int port, String head, byte[] body) throws IOException {
        try (RawClient client = new RawClient(port)) {
            client.send(head, body);
            client.readHead();
            return client.readBody(head.startsWith("HEAD "));
        }
    }

    static Answer exchange(int port, String head) throws IOException {
        return exchange(port, head, new byte[0]);
    }

    /** @param head request line and header lines separated by CRLF, without the empty line */
    void send(String head, byte[] body) throws IOException {
        socket.getOutputStream().write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().write(body);
        socket.getOutputStream().flush();
    }

    /** Shuts the sending side down (TCP half-close): the server reads end-of-stream, the answer can still come. */
    void halfClose() throws IOException {
        socket.shutdownOutput();
    }

    /** Sends more bytes on the connection, e.g. a body after {@code 100 Continue}. */
    void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Reads the status line and headers. */
    void readHead() throws IOException {
        statusLine = RawBackend.line(in);
        if (statusLine == null) {
            throw new IOException("connection closed before the status line");
        }
        headers = RawBackend.headers(in);
    }

    /** Reads the body as framed by the answer, tolerating a connection that ends early. */
    Answer readBody(boolean headRequest) throws IOException {
        Answer head = new Answer(statusLine, headers, new byte[0], true);
        int status = head.status();
        if (headRequest || status == 204 || status == 304 || status / 100 == 1) {
            return head;
        }
        if ("chunked".equalsIgnoreCase(head.header("Transfer-Encoding"))) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = RawBackend.line(in);
                if (size == null) {
                    return new Answer(statusLine, headers, body.toByteArray(), false);
                }
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    RawBackend.headers(in);
                    return new Answer(statusLine, headers, body.toByteArray(), true);
                }
                byte[] chunk = in.readNBytes(n);
                body.write(chunk);
                if (chunk.length < n || RawBackend.line(in) == null) {
                    return new Answer(statusLine, headers, body.toByteArray(), false);
                }
            }
        }
        if (head.header("Content-Length") != null) {
            int length = Integer.parseInt(head.header("Content-Length"));
            byte[] body = in.readNBytes(length);
            return new Answer(statusLine, headers, body, body.length == length);
        }
        return new Answer(statusLine, headers, in.readAllBytes(), true);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
