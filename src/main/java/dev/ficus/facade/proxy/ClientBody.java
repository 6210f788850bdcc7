package dev.ficus.facade.proxy;

import jakarta.servlet.http.HttpServletRequest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.core5.http.HttpEntityContainer;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;

/** The client's request body as streamed to the target; remembers whether reading it failed. */
final class ClientBody extends FilterInputStream {

    private volatile IOException failure;

    private ClientBody(InputStream in) {
        super(in);
    }

    /**
     * Streams the client's body to the target, when it has one: with its {@code Content-Length} when the client
     * sent one (also on GET and DELETE), chunked when the client sent it chunked.
     *
     * @param request  the client's request
     * @param outgoing the target's request
     * @return the body as streamed, or null when the client sent none
     * @throws IOException when the client's body cannot be opened
     */
    static ClientBody attach(HttpServletRequest request, HttpEntityContainer outgoing) throws IOException {
        long length = request.getContentLengthLong();
        if (length < 0 && request.getHeader("Transfer-Encoding") == null) {
            return null;
        }
        ClientBody body = new ClientBody(request.getInputStream());
        outgoing.setEntity(new InputStreamEntity(body, length, null));
        return body;
    }

    /** @return what reading the client's body threw, or null: tells a client failure from a target failure */
    IOException failure() {
        return failure;
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }
}
