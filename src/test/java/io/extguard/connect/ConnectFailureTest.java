package io.extguard.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import javax.net.ssl.SSLHandshakeException;
import io.extguard.testsupport.ServerErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

class ConnectFailureTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "28P01 | AUTHENTICATION   | password authentication failed for user \"app\"",
            "28000 | AUTHENTICATION   | no pg_hba.conf entry for host \"10.0.0.7\"",
            "3D000 | DATABASE_MISSING | database \"tenant_gone\" does not exist",
            "57P03 | NOT_UP_YET       | the database system is starting up",
            "53300 | NOT_UP_YET       | sorry, too many clients already",
            "08006 | NOT_UP_YET       | connection failure",
            "42501 | OTHER            | permission denied for database maint",
            "XX000 | OTHER            | internal error",
    })
    void serverErrorsAreClassifiedBySqlState(String sqlState, ConnectFailure expected, String message) {
        PSQLException e = ServerErrors.fatal(sqlState, message);

        assertThat(e.getSQLState()).isEqualTo(sqlState);
        assertThat(ConnectFailure.classify(e)).isEqualTo(expected);
    }

    @Test
    void refusedConnectionIsNotUpYet() {
        PSQLException e = new PSQLException("Connection to db:5432 refused.", PSQLState.CONNECTION_UNABLE_TO_CONNECT,
                new ConnectException("Connection refused"));

        assertThat(e.getSQLState()).isEqualTo("08001");
        assertThat(ConnectFailure.classify(e)).isEqualTo(ConnectFailure.NOT_UP_YET);
    }

    @Test
    void unknownHostDeepInTheCauseChainIsNotUpYet() {
        SQLException e = new SQLException("The connection attempt failed.", (String) null,
                new IOException("lookup", new UnknownHostException("db.example")));

        assertThat(ConnectFailure.classify(e)).isEqualTo(ConnectFailure.NOT_UP_YET);
    }

    @Test
    void connectExceptionCauseWithoutSqlStateIsNotUpYet() {
        SQLException e = new SQLException("I/O error", null, new ConnectException("Connection refused"));

        assertThat(ConnectFailure.classify(e)).isEqualTo(ConnectFailure.NOT_UP_YET);
    }

    @Test
    void tlsHandshakeFailureIsTlsEvenThoughItsSqlStateIsAConnectionFailure() {
        PSQLException e = new PSQLException("SSL error: PKIX path building failed", PSQLState.CONNECTION_FAILURE,
                new SSLHandshakeException("PKIX path building failed"));

        assertThat(e.getSQLState()).startsWith("08");
        assertThat(ConnectFailure.classify(e)).isEqualTo(ConnectFailure.TLS);
    }

    /** What pgjdbc throws when sslmode requires TLS and the server has ssl = off: waiting cannot help. */
    @Test
    void serverWithoutTlsSupportIsTlsNotAServerStillStarting() {
        PSQLException e = new PSQLException("The server does not support SSL.", PSQLState.CONNECTION_REJECTED);

        assertThat(ConnectFailure.classify(e)).isEqualTo(ConnectFailure.TLS);
        assertThat(ConnectFailure.classify(e).isWorthWaitingFor()).isFalse();
    }

    @Test
    void errorWithoutSqlStateOrKnownCauseIsOther() {
        assertThat(ConnectFailure.classify(new SQLException("something odd"))).isEqualTo(ConnectFailure.OTHER);
    }

    @Test
    void onlyNotUpYetIsWorthWaitingFor() {
        assertThat(ConnectFailure.values())
                .filteredOn(ConnectFailure::isWorthWaitingFor)
                .containsExactly(ConnectFailure.NOT_UP_YET);
    }
}
