package io.extguard.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

class SqlErrorsTest {

    @Test
    void aHostThatDnsCannotResolveIsCalledAnUnknownHost() {
        // What pgjdbc throws for a host name without an address.
        PSQLException e = new PSQLException("The connection attempt failed.", PSQLState.CONNECTION_UNABLE_TO_CONNECT,
                new UnknownHostException("db.example.invalid"));

        assertThat(SqlErrors.describe(e)).isEqualTo("unknown host db.example.invalid (DNS has no address for it) [08001]");
    }

    @Test
    void otherConnectionFailuresKeepTheDriversMessage() {
        PSQLException e = new PSQLException("Connection to 127.0.0.1:1 refused.", PSQLState.CONNECTION_UNABLE_TO_CONNECT,
                new java.net.ConnectException("Connection refused"));

        assertThat(SqlErrors.describe(e)).isEqualTo("Connection to 127.0.0.1:1 refused. [08001]");
    }
}
