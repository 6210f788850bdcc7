package dev.ficus.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * An MQTT 3.1.1 client of raw packets over a plain socket (OASIS MQTT 3.1.1, section 3): CONNECT with or without
 * user name and password, PUBLISH at QoS 0 or 1, SUBSCRIBE; it reads the broker's CONNACK return code, PUBACK and
 * SUBACK return codes.
 */
public final class RawMqtt implements AutoCloseable {

    /** CONNACK return code: accepted. */
    public static final int ACCEPTED = 0;

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private int packetId = 1;

    private RawMqtt(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** @return a socket to the broker; nothing sent yet */
    public static RawMqtt open(int port) throws IOException {
        return new RawMqtt(new Socket("127.0.0.1", port));
    }

    /**
     * Sends CONNECT (clean session, keep-alive 60 s) and reads CONNACK.
     *
     * @param user     user name, or null for none (anonymous)
     * @return CONNACK's return code (0 accepted, 4 bad user name or password, 5 not authorised), or -1 when the
     *     broker closed the connection instead
     */
    public int connect(String clientId, String user, String password) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT");
        body.write(4);
        body.write(0x02 | (user == null ? 0 : 0xC0));
        body.write(0);
        body.write(60);
        writeString(body, clientId);
        if (user != null) {
            writeString(body, user);
            writeString(body, password);
        }
        packet(0x10, body.toByteArray());
        int[] answer = readPacket();
        return answer == null ? -1 : answer[answer.length - 1];
    }

    /**
     * PUBLISH at QoS 1 and wait for PUBACK.
     *
     * @return whether the broker acknowledged the message (false: it closed the connection or did not answer)
     */
    public boolean publishQos1(String topic, byte[] payload) throws IOException {
        return publish(topic, payload, 1);
    }

    /** PUBLISH at QoS 0 (no answer expected): the broker promises nothing. */
    public void publishQos0(String topic, byte[] payload) throws IOException {
        publish(topic, payload, 0);
    }

    private boolean publish(String topic, byte[] payload, int qos) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, topic);
        if (qos > 0) {
            body.write(packetId >> 8);
            body.write(packetId++ & 0xFF);
        }
        body.writeBytes(payload);
        packet(0x30 | (qos << 1), body.toByteArray());
        if (qos == 0) {
            return true;
        }
        int[] answer = readPacket();
        return answer != null && answer[0] == 0x40;
    }

    /**
     * SUBSCRIBE to one topic filter at QoS 1.
     *
     * @return SUBACK's return code (0..2 granted QoS, 0x80 failure), or -1 when the broker closed the connection
     */
    public int subscribe(String filter) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(packetId >> 8);
        body.write(packetId++ & 0xFF);
        writeString(body, filter);
        body.write(1);
        packet(0x82, body.toByteArray());
        int[] answer = readPacket();
        return answer == null || answer[0] != 0x90 ? -1 : answer[answer.length - 1];
    }

    private void packet(int header, byte[] body) throws IOException {
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(header);
        int length = body.length;
        do {
            int digit = length % 128;
            length /= 128;
            packet.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        packet.writeBytes(body);
        out.write(packet.toByteArray());
        out.flush();
    }

    /** @return the packet's header byte then its body bytes, or null on EOF, reset or time-out */
    private int[] readPacket() throws IOException {
        try {
            int header = in.readUnsignedByte();
            int length = 0;
            int multiplier = 1;
            int digit;
            do {
                digit = in.readUnsignedByte();
                length += (digit & 0x7F) * multiplier;
                multiplier *= 128;
            } while ((digit & 0x80) != 0);
            int[] packet = new int[length + 1];
            packet[0] = header;
            for (int i = 1; i <= length; i++) {
                packet[i] = in.readUnsignedByte();
            }
            return packet;
        } catch (EOFException | SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xFF);
        out.writeBytes(bytes);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
