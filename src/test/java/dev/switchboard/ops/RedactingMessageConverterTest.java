package dev.switchboard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactingMessageConverterTest {

    @Test
    void secretFieldsInJsonAreMasked() {
        assertThat(RedactingMessageConverter.redact("{\"channel_id\":1,\"webhook_secret\":\"abc123\",\"title\":\"x\"}"))
                .isEqualTo("{\"channel_id\":1,\"webhook_secret\":\"****\",\"title\":\"x\"}");
        assertThat(RedactingMessageConverter.redact("{\"staff\":{\"api_key\": \"k-1_2\"}}"))
                .isEqualTo("{\"staff\":{\"api_key\": \"****\"}}");
    }

    @Test
    void secretFieldsInFormsAndTextAreMasked() {
        assertThat(RedactingMessageConverter.redact("grant_type=client_credentials&client_id=app&client_secret=s3cr3t&scope=x"))
                .isEqualTo("grant_type=client_credentials&client_id=app&client_secret=****&scope=x");
        assertThat(RedactingMessageConverter.redact("connecting with password=hunter2 to db"))
                .isEqualTo("connecting with password=**** to db");
    }

    @Test
    void credentialsInAuthorizationHeadersAreMasked() {
        assertThat(RedactingMessageConverter.redact("headers {Authorization=Basic YWRtaW46a2V5, Accept=*/*}"))
                .isEqualTo("headers {Authorization=Basic ****, Accept=*/*}");
        assertThat(RedactingMessageConverter.redact("Authorization: Bearer eyJ.abc.def"))
                .isEqualTo("Authorization: Bearer ****");
    }

    @Test
    void ordinaryMessagesAreUntouched() {
        String line = "SB-2001 delivery dead-lettered delivery=1 case=case-4 target=sb.outbound.custom-channel";
        assertThat(RedactingMessageConverter.redact(line)).isEqualTo(line);
    }
}
