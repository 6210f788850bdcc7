package dev.ficus.pos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PosIngestTest {

    @Test
    void shouldEncodeATextMessageInTheEncodingItsDeclarationNames() {
        String latin1 = "<?xml version=\"1.0\" encoding='ISO-8859-1'?><POSLog>Käse</POSLog>";
        String none = "<POSLog>Käse</POSLog>";
        String unknown = "<?xml version=\"1.0\" encoding=\"x-no-such\"?><POSLog>Käse</POSLog>";

        assertThat(PosIngest.encodeAsDeclared(latin1)).isEqualTo(latin1.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(PosIngest.encodeAsDeclared(none)).isEqualTo(none.getBytes(StandardCharsets.UTF_8));
        assertThat(PosIngest.encodeAsDeclared(unknown)).isEqualTo(unknown.getBytes(StandardCharsets.UTF_8));
    }
}
