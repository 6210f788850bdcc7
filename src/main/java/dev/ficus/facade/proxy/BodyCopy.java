package dev.ficus.facade.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Streams the target's body to the client in 16 KiB steps, flushing whenever the target has nothing more buffered
 * (so slow or long-polling answers reach the client as they come), and tells which side failed.
 */
final class BodyCopy {

    /** Size of one copy step, in bytes. */
    static final int BUFFER_BYTES = 16 * 1024;

    /** How a copy ended. */
    enum Outcome {
        /** The whole body went through. */
        COMPLETE,
        /** Reading the target's body failed; {@link Result#failure()} says why. */
        TARGET_FAILED,
        /** Writing to the client failed (it went away); {@link Result#failure()} says why. */
        CLIENT_GONE
    }

    /**
     * @param outcome how the copy ended
     * @param failure the exception that ended it, null when {@link Outcome#COMPLETE}
     */
    record Result(Outcome outcome, IOException failure) {
    }

    private BodyCopy() {
    }

    /**
     * Copies until the end of {@code from} or the first failure on either side; closes neither stream.
     *
     * @param from the target's body
     * @param to   the client's response body
     * @return how it ended; never throws
     */
    static Result copy(InputStream from, OutputStream to) {
        byte[] buffer = new byte[BUFFER_BYTES];
        while (true) {
            int n;
            boolean more;
            try {
                n = from.read(buffer);
                more = n > 0 && from.available() > 0;
            } catch (IOException e) {
                return new Result(Outcome.TARGET_FAILED, e);
            }
            if (n < 0) {
                return new Result(Outcome.COMPLETE, null);
            }
            try {
                to.write(buffer, 0, n);
                if (!more) {
                    to.flush();   // nothing more buffered from the target: let the client see it now
                }
            } catch (IOException e) {
                return new Result(Outcome.CLIENT_GONE, e);
            }
        }
    }
}
