package dev.ficus.bench;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * POSLog load for the POS ingest figures: documents made from the NCR ACS 2.1 sample
 * ({@code src/test/resources/pos/ncr-acs-2.1/SMALL.xml}, its sale transaction), each transaction with its own
 * {@code SequenceNumber} so every one is new to the idempotent consumer (key
 * {@code <store>/<workstation>/<business day>/<sequence>}).
 *
 * <p>HTTP: a wrk Lua script that POSTs one-transaction documents ({@code application/xml}), numbering them from a
 * start value. Queue: {@link #fillQueue} sends documents of several transactions to {@code pos.inbound} as durable
 * BytesMessages over Artemis CORE, without waiting for each send's confirmation.
 */
public final class PosLoad {

    private static final String SEQ = "__SEQ__";
    private static final String WS = "__WS__";

    private final String rootStart;
    private final String transaction;

    private PosLoad(String rootStart, String transaction) {
        this.rootStart = rootStart;
        this.transaction = transaction;
    }

    /**
     * @param sample the NCR sample document (a {@code POSLog} root with a sign-on and a sale transaction)
     * @return the load, templated on the sample's sale
     * @throws IllegalStateException when the sample has no {@code RetailTransaction}
     */
    public static PosLoad fromSample(Path sample) throws IOException {
        String xml = Files.readString(sample, StandardCharsets.UTF_8);
        int first = xml.indexOf("<Transaction>");
        String rootStart = xml.substring(0, first);
        for (int at = first; at >= 0; at = xml.indexOf("<Transaction>", at + 1)) {
            int end = xml.indexOf("</Transaction>", at) + "</Transaction>".length();
            String tx = xml.substring(at, end);
            if (tx.contains("<RetailTransaction")) {
                tx = tx.replaceFirst("<WorkstationID>[^<]*</WorkstationID>", "<WorkstationID>" + WS + "</WorkstationID>")
                        .replaceFirst("<SequenceNumber>[^<]*</SequenceNumber>",
                                "<SequenceNumber>" + SEQ + "</SequenceNumber>");
                return new PosLoad(rootStart, tx);
            }
        }
        throw new IllegalStateException("no RetailTransaction in " + sample);
    }

    /**
     * @param workstation workstation id of the documents (keeps the HTTP and queue keys apart)
     * @return a one-transaction document whose sequence number is the placeholder {@value #SEQ}
     */
    String httpTemplate(int workstation) {
        return rootStart + transaction.replace(WS, Integer.toString(workstation)) + "</POSLog>";
    }

    /**
     * @param workstation  workstation id
     * @param firstSeq     sequence number of the first transaction
     * @param transactions transactions in the document
     * @return a document of {@code transactions} consecutive transactions
     */
    public byte[] document(int workstation, long firstSeq, int transactions) {
        StringBuilder doc = new StringBuilder(rootStart);
        for (int i = 0; i < transactions; i++) {
            doc.append(transaction.replace(WS, Integer.toString(workstation)).replace(SEQ,
                    Long.toString(firstSeq + i)));
        }
        return doc.append("</POSLog>").toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes the template and the wrk script that POSTs it; the script's arguments are the template file and the
     * number before the first sequence number.
     *
     * @param dir         where both go
     * @param workstation workstation id of the documents
     * @return the script
     */
    Path writeHttpScript(Path dir, int workstation) throws IOException {
        Path template = dir.resolve("poslog-one-transaction.xml");
        Files.writeString(template, httpTemplate(workstation), StandardCharsets.UTF_8);
        Path script = dir.resolve("pos-post.lua");
        Files.writeString(script, """
                -- POST one-transaction POSLog documents, each with the next sequence number
                local template
                local counter = 0
                init = function(args)
                  local f = assert(io.open(args[1], "rb"))
                  template = f:read("*a")
                  f:close()
                  counter = tonumber(args[2])
                end
                request = function()
                  counter = counter + 1
                  local body = string.gsub(template, "%s", tostring(counter))
                  return wrk.format("POST", nil, {["Content-Type"] = "application/xml"}, body)
                end
                """.formatted(SEQ));
        return script;
    }

    /**
     * Sends {@code documents} documents to {@code pos.inbound} as fast as the broker takes them.
     *
     * @param brokerUrl    CORE URL, e.g. {@code tcp://127.0.0.1:61616}
     * @param workstation  workstation id of the documents
     * @param documents    documents to send
     * @param transactions transactions per document
     */
    void fillQueue(String brokerUrl, int workstation, int documents, int transactions) throws Exception {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl
                + "?blockOnDurableSend=false&confirmationWindowSize=1048576");
             Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("pos.inbound"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int d = 0; d < documents; d++) {
                BytesMessage message = session.createBytesMessage();
                message.writeBytes(document(workstation, 1 + (long) d * transactions, transactions));
                producer.send(message);
            }
        }
    }
}
