package dev.ficus.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A STOMP 1.2 client of raw frames over a plain socket (no library between the test and the broker's STOMP
 * decoder): {@link #connect}, {@link #send} with a receipt, {@link #subscribe}, and the broker's answer frame.
 */
public final class RawStomp implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private RawStomp(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setSoTimeout(10_000);
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    /**
     * Opens a socket and sends {@code CONNECT}, with {@code login}/{@code passcode} when {@code user} is not null.
     *
     * @return the client; {@link #lastFrame()} holds the broker's answer ({@code CONNECTED ...} or {@code ERROR ...})
     */
    public static RawStomp connect(int port, String user, String password) throws IOException {
        RawStomp stomp = new RawStomp(new Socket("127.0.0.1", port));
        String login = user == null ? "" : "login:" + user + "\npasscode:" + password + "\n";
        stomp.write(("CONNECT\naccept-version:1.2\nhost:localhost\n" + login + "\n").getBytes(StandardCharsets.UTF_8));
        stomp.lastFrame = stomp.readFrame();
        return stomp;
    }

    private String lastFrame;

    /** @return the last frame the broker sent (command line first), or {@code "EOF"} when it closed the socket */
    public String lastFrame() {
        return lastFrame;
    }

    /** @return whether the broker answered {@code CONNECT} with {@code CONNECTED} */
    public boolean connected() {
        return lastFrame.startsWith("CONNECTED");
    }

    /**
     * Sends one message, asking for a receipt, and waits for the broker's answer.
     *
     * @param headers further header lines, each ending in {@code \n} (e.g. {@code "persistent:true\n"}), or ""
     * @return the answer frame: {@code RECEIPT ...} once the broker has the message, else {@code ERROR ...} or EOF
     */
    public String send(String destination, String routingType, String headers, byte[] body) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(("SEND\ndestination:" + destination + "\ndestination-type:" + routingType
                + "\ncontent-type:application/xml\ncontent-length:" + body.length + "\nreceipt:r\n" + headers + "\n")
                .getBytes(StandardCharsets.UTF_8));
        frame.writeBytes(body);
        try {
            write(frame.toByteArray());
        } catch (IOException e) {
            lastFrame = "EOF " + e.getMessage();   // the broker is gone or closed the connection
            return lastFrame;
        }
        lastFrame = readFrame();
        return lastFrame;
    }

    /** Subscribes (with a receipt) and returns the answer: {@code RECEIPT}, or {@code ERROR} when refused. */
    public String subscribe(String destination, String routingType) throws IOException {
        write(("SUBSCRIBE\nid:1\ndestination:" + destination + "\ndestination-type:" + routingType
                + "\nack:client\nreceipt:s\n\n").getBytes(StandardCharsets.UTF_8));
        lastFrame = readFrame();
        return lastFrame;
    }

    private void write(byte[] frameWithoutNul) throws IOException {
        out.write(frameWithoutNul);
        out.write(0);
        out.flush();
    }

    /** Reads up to the NUL that ends a frame (heart-beat newlines before it are skipped). */
    private String readFrame() throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) != -1) {
                if (b == 0) {
                    return frame.toString(StandardCharsets.UTF_8);
                }
                if (frame.size() > 0 || b != '\n') {
                    frame.write(b);
                }
            }
        } catch (SocketTimeoutException e) {
            return "TIMEOUT " + frame.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "EOF " + e.getMessage();
        }
        return "EOF";
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
