package dev.ficus.facade.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BodyCopyTest {

    @Test
    void shouldCopyTheWholeBodyAndFlushWhenTheTargetHasNothingBuffered() {
        byte[] body = new byte[3 * BodyCopy.BUFFER_BYTES + 17];
        new Random(1).nextBytes(body);
        CountingFlushes out = new CountingFlushes();

        BodyCopy.Result result = BodyCopy.copy(new ByteArrayInputStream(body), out);

        assertThat(result.outcome()).isEqualTo(BodyCopy.Outcome.COMPLETE);
        assertThat(result.failure()).isNull();
        assertThat(out.toByteArray()).isEqualTo(body);
        assertThat(out.flushes).isEqualTo(1);   // only after the last piece: more was always buffered before
    }

    @Test
    void shouldTellATargetFailureFromAClientThatWentAway() {
        IOException broken = new IOException("target reset");
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(new byte[10]), new InputStream() {
            @Override
            public int read() throws IOException {
                throw broken;
            }
        });
        BodyCopy.Result target = BodyCopy.copy(failing, new ByteArrayOutputStream());
        assertThat(target.outcome()).isEqualTo(BodyCopy.Outcome.TARGET_FAILED);
        assertThat(target.failure()).isSameAs(broken);

        IOException gone = new IOException("broken pipe");
        BodyCopy.Result client = BodyCopy.copy(new ByteArrayInputStream(new byte[10]), new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw gone;
            }
        });
        assertThat(client.outcome()).isEqualTo(BodyCopy.Outcome.CLIENT_GONE);
        assertThat(client.failure()).isSameAs(gone);
    }

    private static final class CountingFlushes extends ByteArrayOutputStream {
        int flushes;

        @Override
        public void flush() {
            flushes++;
        }
    }
}
