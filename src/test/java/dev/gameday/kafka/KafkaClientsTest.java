package dev.gameday.kafka;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KafkaClientsTest {

    @Test
    void acceptsHostPortLists() {
        assertThatCode(() -> KafkaClients.validate("kafka-1:9092, 127.0.0.1:19091,[::1]:9092")).doesNotThrowAnyException();
    }

    @Test
    void refusesAServerWithoutPortNamingTheSetting() {
        assertThatThrownBy(() -> KafkaClients.validate("kafka-1:9092,kafka-2"))
                .hasMessage("gameday.kafka.bootstrap-servers: 'kafka-2' is not host:port (in 'kafka-1:9092,kafka-2')");
    }

    @Test
    void refusesAnEmptyList() {
        assertThatThrownBy(() -> KafkaClients.validate(" "))
                .hasMessageContaining("gameday.kafka.bootstrap-servers is empty");
    }
}
