package dev.ficus.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Finds TCP ports that are free right now, for servers a test starts on fixed ports. */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * @return a port the OS just handed out and released
     * @throws UncheckedIOException when no port can be bound
     */
    public static int next() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
