package io.extguard.plan;

import io.extguard.model.Action;
import io.extguard.model.PlanEntry;
import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.discovery.NameFilter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Changes the connected role may not make are foreseen as BLOCKED, with the privilege that is missing. */
class PrivilegesTest {
    private static final Role APP = new Role("app", false);
    private static final Role ADMIN = new Role("postgres", true);

    /** hstore 1.4 -> 1.8 (trusted); vector 0.7.0 -> 0.8.0 (superuser, not trusted); plain 1.0 -> 1.1 (no flags). */
    private static final FlaggedLibrary LIBRARY = new FlaggedLibrary(new PlannerTest.TestLibrary()
            .extension("hstore", "1.8", "1.4", "1.8")
            .extension("vector", "0.8.0", "0.7.0", "0.8.0")
            .extension("plain", "1.1", "1.0", "1.1"))
            .flags("hstore", "1.8", true, true)
            .flags("vector", "0.8.0", true, false);

    private static DatabaseGrants grants(boolean mayCreate, String... owned) {
        Map<String, String> owners = new HashMap<>(Map.of("hstore", "app_owner", "vector", "app_owner", "plain", "app_owner"));
        for (String extension : owned) {
            owners.put(extension, "app");
        }
        return DatabaseGrants.of(owners, Set.of(owned), mayCreate);
    }

    private static PlanEntry plan(Role role, String extension, String installed, DatabaseGrants grants) {
        List<PlanEntry> entries = new Planner(Selection.everything(), LIBRARY, role)
                .plan("tenant", Map.of(extension, installed), grants);
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }

    @Test
    void aSuperuserMayUpdateWhatItDoesNotOwnEvenWhenUntrusted() {
        PlanEntry entry = plan(ADMIN, "vector", "0.7.0", grants(false));

        assertThat(entry.action()).isEqualTo(Action.UPDATE);
    }

    @Test
    void anotherRolesExtensionIsBlockedNamingItsOwner() {
        PlanEntry entry = plan(APP, "hstore", "1.4", grants(true));

        assertThat(entry.action()).isEqualTo(Action.BLOCKED);
        assertThat(entry.reason()).isEqualTo("must be the owner of extension hstore (owned by app_owner)");
        assertThat(entry.isDrift()).isFalse();
        assertThat(entry.action().isProblem()).isTrue();
        assertThat(entry.installed()).isEqualTo("1.4");
        assertThat(entry.target()).isEqualTo("1.8");
    }

    @Test
    void anUntrustedSuperuserOnlyExtensionNeedsASuperuserEvenForItsOwner() {
        PlanEntry entry = plan(APP, "vector", "0.7.0", grants(true, "vector"));

        assertThat(entry.action()).isEqualTo(Action.BLOCKED);
        assertThat(entry.reason()).isEqualTo("needs a superuser: vector is not trusted");
    }

    @Test
    void aTrustedExtensionNeedsCreateOnTheDatabase() {
        PlanEntry blocked = plan(APP, "hstore", "1.4", grants(false, "hstore"));
        PlanEntry allowed = plan(APP, "hstore", "1.4", grants(true, "hstore"));

        assertThat(blocked.action()).isEqualTo(Action.BLOCKED);
        assertThat(blocked.reason()).startsWith("needs CREATE privilege on database tenant: hstore is trusted");
        assertThat(allowed.action()).isEqualTo(Action.UPDATE);
    }

    @Test
    void anExtensionThatNeedsNoSuperuserIsUpdatedByItsOwner() {
        assertThat(plan(APP, "plain", "1.0", grants(false, "plain")).action()).isEqualTo(Action.UPDATE);
    }

    @Test
    void nothingIsForeseenForAManagedServicesAdministrator() {
        Role rds = new Role("app", false, "rds_superuser");

        assertThat(plan(rds, "vector", "0.7.0", grants(false)).action()).isEqualTo(Action.UPDATE);
    }

    @Test
    void withoutGrantsReadNothingIsForeseenAsBlocked() {
        assertThat(plan(APP, "vector", "0.7.0", DatabaseGrants.UNKNOWN).action()).isEqualTo(Action.UPDATE);
    }

    @Test
    void onlyChangesAreBlocked() {
        PlanEntry upToDate = plan(APP, "hstore", "1.8", grants(true));
        PlanEntry downgrade = plan(APP, "hstore", "1.9", grants(true));

        assertThat(upToDate.action()).isEqualTo(Action.NONE);
        assertThat(downgrade.action()).isEqualTo(Action.ERROR);
    }

    @Test
    void creatingAnEnsuredExtensionFollowsTheControlFlags() {
        Selection ensure = new Selection(NameFilter.all(), Map.of(), Set.of("vector", "plain"));

        List<PlanEntry> entries = new Planner(ensure, LIBRARY, APP).plan("tenant", Map.of(), grants(true));

        assertThat(entries).extracting(PlanEntry::extension, PlanEntry::action)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("plain", Action.CREATE),
                        org.assertj.core.groups.Tuple.tuple("vector", Action.BLOCKED));
    }

    @Test
    void aHostileOwnerNameIsShownQuoted() {
        DatabaseGrants grants = DatabaseGrants.of(Map.of("hstore", "evil\nowner"), Set.of(), true);

        assertThat(plan(APP, "hstore", "1.4", grants).reason()).doesNotContain("\n").contains("owned by \"evil");
    }

    /** A test library with control flags per version. */
    static final class FlaggedLibrary implements ForwardingExtensionLibrary {
        private final ExtensionLibrary versions;
        private final Map<String, ControlFlags> flags = new HashMap<>();

        FlaggedLibrary(ExtensionLibrary versions) {
            this.versions = versions;
        }

        FlaggedLibrary flags(String extension, String version, boolean superuser, boolean trusted) {
            flags.put(extension + "=" + version, new ControlFlags(superuser, trusted));
            return this;
        }

        @Override
        public ExtensionLibrary delegate() {
            return versions;
        }

        @Override
        public ControlFlags controlFlags(String extension, String version) {
            return flags.getOrDefault(extension + "=" + version, ControlFlags.UNRESTRICTED);
        }
    }
}
