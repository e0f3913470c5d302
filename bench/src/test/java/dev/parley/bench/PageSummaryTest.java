package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The history readers' cheap look at a page: its size and the seq of its oldest message. */
class PageSummaryTest {

    private static String message(long seq) {
        return """
                {"message_uuid":"5f0c7c1e-8a43-4a41-9d0e-2f3cfa5a0c11","content":"{\\"seq\\": 99} [a]","room_name":"a-b",
                 "room_uuid":"b62e60ac-7e5f-4acc-9ff6-03cd75119dfc","user":"alice","created_at":"2026-11-24T10:00:00Z",
                 "seq":%d,"client_id":null}""".formatted(seq);
    }

    @Test
    void aPageIsCountedAndItsFirstSeqTaken() {
        Api.PageSummary summary = Api.summarise("[" + message(41) + "," + message(42) + "," + message(43) + "]");

        assertThat(summary).isEqualTo(new Api.PageSummary(3, 41));
    }

    @Test
    void anEmptyPageHasNoFirstSeq() {
        assertThat(Api.summarise("[]")).isEqualTo(new Api.PageSummary(0, 0));
    }

    @Test
    void somethingThatIsNotAPageOfMessagesFails() {
        assertThatThrownBy(() -> Api.summarise("{\"error\":\"x\"}")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Api.summarise("[" + message(1))).isInstanceOf(RuntimeException.class);
    }
}
