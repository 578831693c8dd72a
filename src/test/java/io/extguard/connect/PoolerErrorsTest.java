package io.extguard.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.connect.SqlErrors;
import io.extguard.testsupport.ServerErrors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.util.PSQLException;

/** PgBouncer's refusals all carry 08P01; their messages (from PgBouncer 1.18) decide what waiting can do. */
class PoolerErrorsTest {

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "AUTHENTICATION    | SASL authentication failed",
            "AUTHENTICATION    | password authentication failed",
            "AUTHENTICATION    | no such user: app",
            "AUTHENTICATION    | \"trust\" authentication failed",
            "UNKNOWN_TO_POOLER | no such database: tenant_9",
            "STARTUP_PARAMETER | unsupported startup parameter: options",
            "STARTUP_PARAMETER | unsupported startup parameter: search_path",
            "NOT_UP_YET        | server login has been failing, try again later (server_login_retry)",
            "NOT_UP_YET        | pgbouncer cannot connect to server",
            "NOT_UP_YET        | no more connections allowed (max_client_conn)",
    })
    void refusalsAreClassifiedByMessage(ConnectFailure expected, String message) {
        PSQLException e = ServerErrors.fatal("08P01", message);

        assertThat(ConnectFailure.classify(e)).isEqualTo(expected);
        assertThat(SqlErrors.isTransient(e)).isEqualTo(expected == ConnectFailure.NOT_UP_YET);
    }

    @ParameterizedTest
    @CsvSource({"unsupported startup parameter: options, true", "unsupported startup parameter: jit, false"})
    void onlyARefusedOptionsParameterIsWorkedAround(String message, boolean rejectsOptions) {
        assertThat(PoolerErrors.rejectsOptions(ServerErrors.fatal("08P01", message))).isEqualTo(rejectsOptions);
    }

    @ParameterizedTest
    @CsvSource({"08006, no such database: x", "3D000, no such database: x"})
    void theSameWordsUnderAnotherSqlStateAreNotPgBouncers(String sqlState, String message) {
        assertThat(PoolerErrors.isUnknownDatabase(ServerErrors.fatal(sqlState, message))).isFalse();
    }
}
