package dev.ficus.facade.proxy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A real HTTP/1.1 backend on a raw socket that records each request exactly as it arrived (request line, header
 * lines in order, body, and whether it came chunked) and answers with whatever bytes the test scripts. WireMock
 * normalises too much to observe these byte for byte.
 */
final class RawBackend implements AutoCloseable {

    /** A request as received. */
    record Received(String requestLine, List<Map.Entry<String, String>> headers, byte[] body, boolean chunked) {

        /** @return the values of the header, in order, matched case-insensitively */
        List<String> all(String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
        }

        /** @return the first value of the header or null */
        String header(String name) {
            List<String> values = all(name);
            return values.isEmpty() ? null : values.get(0);
        }

        /** @return header names, lower case */
        List<String> names() {
            return headers.stream().map(h -> h.getKey().toLowerCase(Locale.ROOT)).toList();
        }
    }

    /** Writes the answer to one request; may close the socket. */
    interface Responder {
        void respond(Received request, Socket socket, InputStream in, OutputStream out) throws Exception;
    }

    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    volatile Responder responder = reply("HTTP/1.1 200 OK", "Content-Type: text/plain", "Content-Length: 2")
            .withBody("ok");

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "raw-backend");
        t.setDaemon(true);
        return t;
    });

    RawBackend() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** @return a responder writing the status line and header lines, then an empty body */
    static Reply reply(String statusLine, String... headerLines) {
        return new Reply(statusLine, headerLines, new byte[0]);
    }

    /** A fixed answer. */
    record Reply(String statusLine, String[] headerLines, byte[] body) implements Responder {

        Reply withBody(String text) {
            return new Reply(statusLine, headerLines, text.getBytes(StandardCharsets.UTF_8));
        }

        Reply withBody(byte[] bytes) {
            return new Reply(statusLine, headerLines, bytes);
        }

        @Override
        public void respond(Received request, Socket socket, InputStream in, OutputStream out) throws IOException {
            StringBuilder head = new StringBuilder(statusLine).append("\r\n");
            for (String line : headerLines) {
                head.append(line).append("\r\n");
            }
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                threads.execute(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (!socket.isClosed()) {
                Received request = read(in);
                if (request == null) {
                    return;
                }
                received.add(request);
                responder.respond(request, socket, in, out);
            }
        } catch (Exception e) {
            // the proxy closed the connection, or a responder closed it on purpose
        }
    }

    static Received read(InputStream in) throws IOException {
        String requestLine = line(in);
        if (requestLine == null) {
            return null;
        }
        List<Map.Entry<String, String>> headers = headers(in);
        Received head = new Received(requestLine, headers, new byte[0], false);
        if ("chunked".equalsIgnoreCase(head.header("Transfer-Encoding"))) {
            return new Received(requestLine, headers, chunkedBody(in), true);
        }
        String length = head.header("Content-Length");
        byte[] body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length.trim()));
        return new Received(requestLine, headers, body, false);
    }

    static List<Map.Entry<String, String>> headers(InputStream in) throws IOException {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.add(Map.entry(line.substring(0, colon), line.substring(colon + 1).trim()));
        }
        return headers;
    }

    /** Decodes a chunked body; throws when the stream ends before the last chunk. */
    static byte[] chunkedBody(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            if (size == null) {
                throw new IOException("chunked body ended before its last chunk");
            }
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                headers(in);   // trailer section
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(n);
            body.write(chunk);
            if (chunk.length < n || line(in) == null) {
                throw new IOException("chunked body ended inside a chunk");
            }
        }
    }

    /** @return one CRLF-terminated line in ISO-8859-1 (raw bytes as chars), or null at end of stream */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
