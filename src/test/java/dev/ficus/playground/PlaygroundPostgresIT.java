package dev.ficus.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ficus.testsupport.FicusTestOptions;
import dev.ficus.testsupport.FreePorts;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The playground's embedded PostgreSQL listens on the loopback interface only (README: "an embedded PostgreSQL on
 * 127.0.0.1"): a connection to one of this machine's other addresses (e.g. eth0's) is refused.
 */
class PlaygroundPostgresIT {

    @Test
    void shouldListenOnLoopbackOnlyNotOnTheMachinesOtherAddresses() throws Exception {
        List<InetAddress> others = nonLoopbackAddresses();
        assertThat(others).as("this machine has a non-loopback address to try (ip addr)").isNotEmpty();
        int port = FreePorts.next();

        try (PlaygroundPostgres pg = PlaygroundPostgres.start(FicusTestOptions.tempDir("ficus-playground-pg"),
                port)) {
            try (Socket loopback = new Socket()) {
                loopback.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                assertThat(loopback.isConnected()).isTrue();
            }
            for (InetAddress address : others) {
                assertThatThrownBy(() -> {
                    try (Socket outside = new Socket()) {
                        outside.connect(new InetSocketAddress(address, port), 5_000);
                    }
                }).as("PostgreSQL must not answer on %s:%d", address.getHostAddress(), port)
                        .isInstanceOf(ConnectException.class);
            }
        }
    }

    /** The machine's up, non-loopback addresses (IPv4 and IPv6, link-local IPv6 left out). */
    static List<InetAddress> nonLoopbackAddresses() throws SocketException {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(nic -> {
                    try {
                        return nic.isUp() && !nic.isLoopback();
                    } catch (SocketException e) {
                        return false;
                    }
                })
                .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .toList();
    }
}
