package io.extguard.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.testsupport.ServerErrors;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.util.PSQLState;

/** The one SQLSTATE table: what extguard does about each error (PostgreSQL's errcodes.txt names in comments). */
class SqlStatesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "08001 | REFUSED_FOR_NOW     | sqlclient_unable_to_establish_sqlconnection (pgjdbc: refused)",
            "57P03 | REFUSED_FOR_NOW     | cannot_connect_now",
            "53300 | REFUSED_FOR_NOW     | too_many_connections",
            "08000 | CONNECTION_LOST     | connection_exception",
            "08003 | CONNECTION_LOST     | connection_does_not_exist",
            "08006 | CONNECTION_LOST     | connection_failure",
            "08007 | CONNECTION_LOST     | transaction_resolution_unknown",
            "08P01 | CONNECTION_LOST     | protocol_violation",
            "57P01 | CONNECTION_LOST     | admin_shutdown",
            "57P02 | CONNECTION_LOST     | crash_shutdown",
            "57P04 | CONNECTION_LOST     | database_dropped",
            "57P05 | CONNECTION_LOST     | idle_session_timeout",
            "08004 | CONNECTION_REJECTED | sqlserver_rejected_establishment_of_sqlconnection",
            "28000 | AUTHENTICATION      | invalid_authorization_specification",
            "28P01 | AUTHENTICATION      | invalid_password",
            "3D000 | DATABASE_MISSING    | invalid_catalog_name",
            "55P03 | LOCK_NOT_AVAILABLE  | lock_not_available",
            "40001 | SERIALIZATION       | serialization_failure",
            "40P01 | SERIALIZATION       | deadlock_detected",
            "42501 | PERMISSION          | insufficient_privilege",
            "57014 | FATAL               | query_canceled (statement_timeout)",
            "55000 | FATAL               | object_not_in_prerequisite_state",
            "XX000 | FATAL               | internal_error",
            "42601 | FATAL               | syntax_error",
    })
    void eachStateHasOneKind(String sqlState, SqlErrorKind expected, String name) {
        assertThat(SqlStates.classify(ServerErrors.fatal(sqlState, name))).isEqualTo(expected);
        assertThat(SqlStates.classify(sqlState)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "AUTHENTICATION | password authentication failed",
            "AUTHENTICATION | no such user: app",
            "POOLER_REFUSAL | no such database: tenant_9",
            "POOLER_REFUSAL | unsupported startup parameter: options",
            "CONNECTION_LOST | pgbouncer cannot connect to server",
    })
    void pgBouncersRefusalsAreToldApartByMessage(SqlErrorKind expected, String message) {
        assertThat(SqlStates.classify(ServerErrors.fatal(SqlStates.PROTOCOL_VIOLATION, message))).isEqualTo(expected);
    }

    @Test
    void pgjdbcsOwnConnectionStatesAreClassifiedLikeTheServers() {
        assertThat(SqlStates.classify(PSQLState.CONNECTION_UNABLE_TO_CONNECT.getState())).isEqualTo(SqlErrorKind.REFUSED_FOR_NOW);
        assertThat(SqlStates.classify(PSQLState.CONNECTION_REJECTED.getState())).isEqualTo(SqlErrorKind.CONNECTION_REJECTED);
        assertThat(SqlStates.classify(PSQLState.CONNECTION_FAILURE.getState())).isEqualTo(SqlErrorKind.CONNECTION_LOST);
    }

    @Test
    void noSqlStateIsFatal() {
        assertThat(SqlStates.classify(new SQLException("something odd"))).isEqualTo(SqlErrorKind.FATAL);
        assertThat(SqlStates.classify("")).isEqualTo(SqlErrorKind.FATAL);
        assertThat(SqlStates.classify("0")).isEqualTo(SqlErrorKind.FATAL);
    }

    @Test
    void onlyTheTransientKindsAreRetried() {
        assertThat(SqlErrorKind.values()).filteredOn(SqlErrorKind::isTransient).containsExactlyInAnyOrder(
                SqlErrorKind.REFUSED_FOR_NOW, SqlErrorKind.CONNECTION_LOST, SqlErrorKind.LOCK_NOT_AVAILABLE,
                SqlErrorKind.SERIALIZATION);
    }

    @Test
    void onlyALostOrRefusedConnectionIsWorthConnectingAgain() {
        assertThat(SqlErrorKind.values()).filteredOn(SqlErrorKind::needsNewConnection)
                .containsExactlyInAnyOrder(SqlErrorKind.REFUSED_FOR_NOW, SqlErrorKind.CONNECTION_LOST);
    }
}
