package dev.ficus.platform;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Checks that a TCP port is free before a server binds it, so a clash is reported as one clear line. */
public final class Ports {

    private Ports() {
    }

    /**
     * Fails when {@code port} cannot be bound on all interfaces right now.
     *
     * @param port TCP port; 0 (any free port) always passes
     * @param what what wants the port, e.g. {@code "Artemis acceptor"}
     * @throws StartupCheckException when the port is in use, naming the port and {@code what}
     */
    public static void requireFree(int port, String what) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            throw new StartupCheckException("port " + port + " (" + what + ") is already in use", e);
        }
    }
}
