package dev.ficus.bench;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * The peer of the pass-through proxy: Debian's {@code nginx} as a child process with its own configuration, pid file,
 * logs and temporary directories in a temporary directory (never the system service), listening on three loopback
 * ports: the origin, which serves a 1 KB file ({@value #FILE}) directly, a reverse proxy to the origin as Debian's
 * defaults make it, and a tuned one (see {@link #config}).
 *
 * <p>{@link #close()} stops it (SIGTERM, then SIGKILL after 10 s).
 */
final class Nginx implements AutoCloseable {

    /** Path of the 1 KB file on both ports. */
    static final String FILE = "/retailcore/static-1k.txt";

    private final Process process;
    private final int originPort;
    private final int proxyPort;
    private final int tunedPort;

    private Nginx(Process process, int originPort, int proxyPort, int tunedPort) {
        this.process = process;
        this.originPort = originPort;
        this.proxyPort = proxyPort;
        this.tunedPort = tunedPort;
    }

    /**
     * Writes the configuration and the 1 KB file, starts nginx and waits until both ports accept connections.
     *
     * @param dir        an empty directory of its own
     * @param originPort loopback port of the origin
     * @param proxyPort  loopback port of the reverse proxy (Debian's defaults)
     * @param tunedPort  loopback port of the tuned reverse proxy
     * @return the running nginx
     * @throws IOException           when the files cannot be written or nginx cannot be started
     * @throws IllegalStateException when nginx does not listen within 10 s
     */
    static Nginx start(Path dir, int originPort, int proxyPort, int tunedPort) throws IOException, InterruptedException {
        Path www = dir.resolve("www");
        Files.createDirectories(www.resolve("retailcore"));
        Files.writeString(www.resolve(FILE.substring(1)), "x".repeat(1023) + "\n");
        for (Path p : new Path[] {dir, www, www.resolve("retailcore")}) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.setPosixFilePermissions(www.resolve(FILE.substring(1)), PosixFilePermissions.fromString("rw-r--r--"));
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, config(dir, originPort, proxyPort, tunedPort));
        Process process = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", conf.toString(),
                "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        Nginx nginx = new Nginx(process, originPort, proxyPort, tunedPort);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(listening(originPort) && listening(proxyPort) && listening(tunedPort))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                nginx.close();
                throw new IllegalStateException("nginx did not start: " + Files.readString(dir.resolve("error.log")));
            }
            Thread.sleep(50);
        }
        return nginx;
    }

    /**
     * Debian's defaults ({@code /etc/nginx/nginx.conf}: worker processes per core, {@code sendfile}, access log in
     * the combined format, keep-alive with clients) and three servers: the origin, a reverse proxy as one writes it
     * with those defaults ({@code proxy_pass} alone: HTTP/1.0 and a new connection to the origin per request), and a
     * tuned reverse proxy (pooled HTTP/1.1 keep-alive connections to the origin, no access log).
     */
    static String config(Path dir, int originPort, int proxyPort, int tunedPort) {
        String mimeTypes = Files.exists(Path.of("/etc/nginx/mime.types")) ? "include /etc/nginx/mime.types;" : "";
        return """
                worker_processes auto;
                daemon off;
                pid %1$s/nginx.pid;
                events { worker_connections 768; }
                http {
                    sendfile on;
                    tcp_nopush on;
                    %5$s
                    default_type application/octet-stream;
                    access_log %1$s/access.log;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    upstream origin {
                        server 127.0.0.1:%2$d;
                        keepalive 64;
                    }
                    server {
                        listen 127.0.0.1:%2$d;
                        root %1$s/www;
                    }
                    server {
                        listen 127.0.0.1:%3$d;
                        location / {
                            proxy_pass http://127.0.0.1:%2$d;
                        }
                    }
                    server {
                        listen 127.0.0.1:%4$d;
                        access_log off;
                        location / {
                            proxy_pass http://origin;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                        }
                    }
                }
                """.formatted(dir, originPort, proxyPort, tunedPort, mimeTypes);
    }

    /** @return {@code http://127.0.0.1:<origin port>}: nginx serving the file itself */
    String originUrl() {
        return "http://127.0.0.1:" + originPort;
    }

    /** @return {@code http://127.0.0.1:<proxy port>}: nginx as reverse proxy to the origin, Debian's defaults */
    String proxyUrl() {
        return "http://127.0.0.1:" + proxyPort;
    }

    /** @return {@code http://127.0.0.1:<tuned port>}: nginx as reverse proxy with keep-alive upstream connections */
    String tunedProxyUrl() {
        return "http://127.0.0.1:" + tunedPort;
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        java.util.List<ProcessHandle> workers = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        workers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
