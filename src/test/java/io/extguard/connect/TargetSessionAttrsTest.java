package io.extguard.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extguard.model.ExitCode;
import io.extguard.model.ExtguardException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** libpq's rules (fe-connect.c, CONNECTION_CHECK_TARGET) for each value against each kind of server. */
class TargetSessionAttrsTest {
    private static final ServerState PRIMARY = state(false, false);
    private static final ServerState READ_ONLY_PRIMARY = state(false, true);
    private static final ServerState STANDBY = state(true, true);

    private static ServerState state(boolean inRecovery, boolean readOnly) {
        return new ServerState(inRecovery, readOnly, 0, 0, "extguard", false, null);
    }

    @ParameterizedTest(name = "{0}: primary {1}, read-only primary {2}, standby {3}")
    @CsvSource({
            "any,            true,  true,  true",
            "read-write,     true,  false, false",
            "read-only,      false, true,  true",
            "primary,        true,  true,  false",
            "standby,        false, false, true",
            "prefer-standby, false, false, true",
    })
    void whichServersQualify(String value, boolean primary, boolean readOnlyPrimary, boolean standby) {
        TargetSessionAttrs target = TargetSessionAttrs.parse(value);

        assertThat(target.rejection(PRIMARY, false) == null).isEqualTo(primary);
        assertThat(target.rejection(READ_ONLY_PRIMARY, false) == null).isEqualTo(readOnlyPrimary);
        assertThat(target.rejection(STANDBY, false) == null).isEqualTo(standby);
        assertThat(target.libpqName()).isEqualTo(value);
    }

    @ParameterizedTest
    @CsvSource({"read-write, session is read-only", "primary, server is in hot standby mode",
            "standby, server is not in hot standby mode"})
    void rejectionsUseLibpqsWords(String value, String words) {
        TargetSessionAttrs target = TargetSessionAttrs.parse(value);
        ServerState wrong = target == TargetSessionAttrs.STANDBY ? PRIMARY : STANDBY;

        assertThat(target.rejection(wrong, false)).isEqualTo(words);
    }

    @ParameterizedTest
    @CsvSource({"prefer-standby, 2", "standby, 1", "any, 1"})
    void preferStandbyTakesAnyServerOnItsSecondPass(String value, int passes) {
        TargetSessionAttrs target = TargetSessionAttrs.parse(value);

        assertThat(target.passes()).isEqualTo(passes);
        if (passes == 2) {
            assertThat(target.rejection(PRIMARY, false)).isNotNull();
            assertThat(target.rejection(PRIMARY, true)).isNull();
        }
    }

    @ParameterizedTest
    @CsvSource({"master", "secondary", "readwrite", "preferSecondary"})
    void pgjdbcNamesAndTyposAreUsageErrors(String value) {
        assertThatThrownBy(() -> TargetSessionAttrs.parse(value))
                .isInstanceOf(ExtguardException.class)
                .hasMessageContaining("target_session_attrs '" + value + "' is not one of any, read-write")
                .satisfies(e -> assertThat(((ExtguardException) e).exitCode()).isEqualTo(ExitCode.USAGE));
    }

    @ParameterizedTest
    @CsvSource({"'postgresql://a,b/postgres?target_session_attrs=bogus'",
            "'jdbc:postgresql://a/postgres?target_session_attrs=bogus'"})
    void theResolverRejectsABadValueInTheUrl(String url) {
        assertThatThrownBy(() -> new ConnectionSettingsResolver(Map.of()).resolve(url, null))
                .isInstanceOf(ExtguardException.class).hasMessageContaining("target_session_attrs 'bogus'");
    }

    @ParameterizedTest
    @CsvSource({"read-write", "prefer-standby"})
    void theEnvironmentVariableIsReadAsLibpqReadsIt(String value) {
        ConnectionSettings settings = new ConnectionSettingsResolver(Map.of("PGTARGETSESSIONATTRS", value))
                .resolve("postgresql://a,b/postgres", null);

        assertThat(settings.driverProperties()).containsEntry("target_session_attrs", value);
    }
}
