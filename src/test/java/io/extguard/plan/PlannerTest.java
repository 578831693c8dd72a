package io.extguard.plan;

import io.extguard.model.Action;
import io.extguard.model.PlanEntry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.extguard.discovery.NameFilter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PlannerTest {
    private static final String DB = "app";

    /** cube: 1.4 -> 1.5, default 1.5; earthdistance (requires cube): 1.1 -> 1.2, default 1.2. */
    private static TestLibrary contribLibrary() {
        return new TestLibrary()
                .extension("cube", "1.5", "1.4", "1.5")
                .extension("earthdistance", "1.2", "1.1", "1.2")
                .requiring("earthdistance", "cube");
    }

    private static List<PlanEntry> plan(ExtensionLibrary library, Map<String, String> installed) {
        return new Planner(Selection.everything(), library).plan(DB, installed);
    }

    private static List<PlanEntry> plan(Selection selection, ExtensionLibrary library, Map<String, String> installed) {
        return new Planner(selection, library).plan(DB, installed);
    }

    private static Selection pinned(String extension, String version) {
        return new Selection(NameFilter.all(), Map.of(extension, version), Set.of());
    }

    private static Selection ensured(String... extensions) {
        return new Selection(NameFilter.all(), Map.of(), Set.of(extensions));
    }

    private static PlanEntry only(List<PlanEntry> entries) {
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }

    private static List<String> extensions(List<PlanEntry> entries) {
        return entries.stream().map(PlanEntry::extension).toList();
    }

    @Nested
    class InstalledExtensions {

        @Test
        void extensionAtTheDefaultVersionNeedsNothing() {
            PlanEntry entry = only(plan(contribLibrary(), Map.of("cube", "1.5")));

            assertThat(entry.action()).isEqualTo(Action.NONE);
            assertThat(entry.installed()).isEqualTo("1.5");
            assertThat(entry.target()).isEqualTo("1.5");
            assertThat(entry.isDrift()).isFalse();
            assertThat(entry.database()).isEqualTo(DB);
        }

        @Test
        void olderVersionWithAnUpdatePathIsUpdatedToTheDefaultVersion() {
            PlanEntry entry = only(plan(contribLibrary(), Map.of("cube", "1.4")));

            assertThat(entry.action()).isEqualTo(Action.UPDATE);
            assertThat(entry.installed()).isEqualTo("1.4");
            assertThat(entry.target()).isEqualTo("1.5");
            assertThat(entry.reason()).contains("default version is 1.5");
            assertThat(entry.isDrift()).isTrue();
        }

        @Test
        void updatePathMayTakeSeveralScripts() {
            TestLibrary library = new TestLibrary().extension("postgis", "3.4.2", "3.2.0", "3.3.0", "3.4.2");

            PlanEntry entry = only(plan(library, Map.of("postgis", "3.2.0")));

            assertThat(entry.action()).isEqualTo(Action.UPDATE);
            assertThat(entry.target()).isEqualTo("3.4.2");
        }

        @Test
        void installedNewerThanTheLibraryIsADowngradeErrorThatPointsToABackup() {
            PlanEntry entry = only(plan(contribLibrary(), Map.of("cube", "1.6")));

            assertThat(entry.action()).isEqualTo(Action.ERROR);
            assertThat(entry.installed()).isEqualTo("1.6");
            assertThat(entry.target()).isEqualTo("1.5");
            assertThat(entry.reason())
                    .contains("1.6 is newer than 1.5")
                    .contains("cannot be downgraded")
                    .containsIgnoringCase("restore this database from a backup");
        }

        @Test
        void olderVersionWithoutAnUpdatePathIsAnError() {
            // 0.9 has an install script but no script leads from it to 1.5.
            TestLibrary library = contribLibrary().installScriptOnly("cube", "0.9");

            PlanEntry entry = only(plan(library, Map.of("cube", "0.9")));

            assertThat(entry.action()).isEqualTo(Action.ERROR);
            assertThat(entry.reason()).contains("no update path from 0.9 to 1.5").doesNotContain("downgrade");
        }

        @Test
        void olderVersionWithoutAnUpdateScriptSaysItMustBeRecreated() {
            TestLibrary library = contribLibrary().installScriptOnly("cube", "0.9");

            PlanEntry entry = only(plan(library, Map.of("cube", "0.9")));

            assertThat(entry.action()).isEqualTo(Action.ERROR);
            assertThat(entry.reason()).startsWith("the image has no update script from 0.9 to 1.5; this extension "
                    + "must be dropped and created again: --recreate cube");
        }

        @Test
        void recreateOptInPlansADropAndCreateWhereNoScriptLeadsToTheTarget() {
            TestLibrary library = contribLibrary().installScriptOnly("cube", "0.9");
            Selection recreate = new Selection(NameFilter.all(), Map.of(), Set.of(), Set.of("cube"));

            PlanEntry entry = only(plan(recreate, library, Map.of("cube", "0.9")));

            assertThat(entry.action()).isEqualTo(Action.RECREATE);
            assertThat(entry.isDrift()).isTrue();
            assertThat(entry.target()).isEqualTo("1.5");
        }

        @Test
        void recreateOptInLeavesExtensionsWithAnUpdatePathToTheirScripts() {
            Selection recreate = new Selection(NameFilter.all(), Map.of(), Set.of(), Set.of("cube"));

            PlanEntry entry = only(plan(recreate, contribLibrary(), Map.of("cube", "1.4")));

            assertThat(entry.action()).isEqualTo(Action.UPDATE);
        }

        @Test
        void installedExtensionWithoutAControlFileIsAnError() {
            PlanEntry entry = only(plan(contribLibrary(), Map.of("plv8", "3.1.10")));

            assertThat(entry.action()).isEqualTo(Action.ERROR);
            assertThat(entry.installed()).isEqualTo("3.1.10");
            assertThat(entry.target()).isNull();
            assertThat(entry.reason()).contains("no control file").contains("3.1.10");
        }

        @Test
        void nothingInstalledAndNothingEnsuredGivesAnEmptyPlan() {
            assertThat(plan(contribLibrary(), Map.of())).isEmpty();
        }
    }

    @Nested
    class Pins {

        @Test
        void pinnedVersionIsTheTarget() {
            TestLibrary library = new TestLibrary().extension("postgis", "3.5.0", "3.3.0", "3.4.2", "3.5.0");

            PlanEntry entry = only(plan(pinned("postgis", "3.4.2"), library, Map.of("postgis", "3.3.0")));

            assertThat(entry.action()).isEqualTo(Action.UPDATE);
            assertThat(entry.target()).isEqualTo("3.4.2");
            assertThat(entry.reason()).contains("pinned to 3.4.2");
        }

        @Test
        void extensionAtItsPinnedVersionNeedsNothingEvenBelowTheDefault() {
            TestLibrary library = new TestLibrary().extension("postgis", "3.5.0", "3.4.2", "3.5.0");

            PlanEntry entry = only(plan(pinned("postgis", "3.4.2"), library, Map.of("postgis", "3.4.2")));

            assertThat(entry.action()).isEqualTo(Action.NONE);
            assertThat(entry.reason()).contains("pinned");
        }

        @Test
        void pinToAVersionTheLibraryLacksNamesItAndListsWhatExistsInVersionOrder() {
            TestLibrary library = new TestLibrary().extension("pg_x", "1.10", "1.2", "1.9", "1.10");

            PlanEntry entry = only(plan(pinned("pg_x", "2.0"), library, Map.of("pg_x", "1.9")));

            assertThat(entry.action()).isEqualTo(Action.ERROR);
            assertThat(entry.target()).isEqualTo("2.0");
            assertThat(entry.reason()).contains("2.0 does not exist").contains("1.2, 1.9, 1.10");
        }

        @Test
        void pinWithoutAnUpdatePathIsAnError() {
            // 3.5.0 ships an install script only, no 3.4.2--3.5.0 script.
            TestLibrary library = new TestLibrary().extension("postgis", "3.4.2", "3.3.0", "3.4.2")
                    .installScriptOnly("postgis", "3.5.0");

            PlanEntry entry = only(plan(pinned("postgis", "3.5.0"), library, Map.of("postgis", "3.4.2")));

            assertThat(entry.action()).isEqualTo(Action.ERROR);
            assertThat(entry.reason()).contains("no update path from 3.4.2 to 3.5.0");
        }

        @Test
        void pinBelowTheInstalledVersionIsADowngradeError() {
            TestLibrary library = new TestLibrary().extension("postgis", "3.4.2", "3.3.0", "3.4.2");

            PlanEntry entry = only(plan(pinned("postgis", "3.3.0"), library, Map.of("postgis", "3.4.2")));

            assertThat(entry.action()).isEqualTo(Action.ERROR);
            assertThat(entry.reason()).contains("pinned version").contains("cannot be downgraded");
        }
    }

    @Nested
    class Ensure {

        @Test
        void missingEnsuredExtensionIsCreatedAtTheDefaultVersion() {
            PlanEntry entry = only(plan(ensured("cube"), contribLibrary(), Map.of()));

            assertThat(entry.action()).isEqualTo(Action.CREATE);
            assertThat(entry.installed()).isNull();
            assertThat(entry.target()).isEqualTo("1.5");
            assertThat(entry.isDrift()).isTrue();
        }

        @Test
        void missingEnsuredAndPinnedExtensionIsCreatedAtThePin() {
            Selection selection = new Selection(NameFilter.all(), Map.of("cube", "1.4"), Set.of("cube"));

            PlanEntry entry = only(plan(selection, contribLibrary(), Map.of()));

            assertThat(entry.action()).isEqualTo(Action.CREATE);
            assertThat(entry.target()).isEqualTo("1.4");
        }

        @Test
        void ensuredExtensionThatIsAlreadyInstalledIsNotCreatedAgain() {
            PlanEntry entry = only(plan(ensured("cube"), contribLibrary(), Map.of("cube", "1.5")));

            assertThat(entry.action()).isEqualTo(Action.NONE);
        }

        @Test
        void ensuredExtensionThatNoLibraryProvidesIsAnError() {
            PlanEntry entry = only(plan(ensured("timescaledb"), contribLibrary(), Map.of()));

            assertThat(entry.action()).isEqualTo(Action.ERROR);
            assertThat(entry.installed()).isNull();
            assertThat(entry.target()).isNull();
            assertThat(entry.reason()).contains("no library on the server provides it");
        }

        @Test
        void ensuredExtensionIsPlannedEvenWhenTheFilterExcludesIt() {
            Selection selection = new Selection(new NameFilter(List.of(), List.of("cube")), Map.of(), Set.of("cube"));

            PlanEntry entry = only(plan(selection, contribLibrary(), Map.of()));

            assertThat(entry.action()).isEqualTo(Action.CREATE);
        }
    }

    @Nested
    class ExtensionFilter {
        private final TestLibrary library = new TestLibrary()
                .extension("postgis", "3.4.2", "3.4.2")
                .extension("postgis_tiger_geocoder", "3.4.2", "3.4.2")
                .extension("pg_trgm", "1.6", "1.6");
        private final Map<String, String> installed =
                Map.of("postgis", "3.4.2", "postgis_tiger_geocoder", "3.4.2", "pg_trgm", "1.6");

        private List<String> planned(List<String> include, List<String> exclude) {
            Selection selection = new Selection(new NameFilter(include, exclude), Map.of(), Set.of());
            return extensions(plan(selection, library, installed));
        }

        @Test
        void withoutGlobsEveryInstalledExtensionIsPlanned() {
            assertThat(planned(List.of(), List.of())).containsExactly("pg_trgm", "postgis", "postgis_tiger_geocoder");
        }

        @Test
        void includeGlobNarrowsTheSet() {
            assertThat(planned(List.of("postgis*"), List.of())).containsExactly("postgis", "postgis_tiger_geocoder");
        }

        @Test
        void excludeGlobRemovesFromTheIncludedSet() {
            assertThat(planned(List.of("postgis*"), List.of("*_geocoder"))).containsExactly("postgis");
        }

        @Test
        void excludedExtensionIsNotReportedEvenWhenItHasNoControlFile() {
            Selection selection = new Selection(new NameFilter(List.of(), List.of("plv8")), Map.of(), Set.of());

            List<PlanEntry> entries = plan(selection, library, Map.of("plv8", "3.1.10", "pg_trgm", "1.6"));

            assertThat(extensions(entries)).containsExactly("pg_trgm");
        }
    }

    @Nested
    class Ordering {

        @Test
        void requirementIsUpdatedBeforeTheExtensionThatNeedsIt() {
            List<PlanEntry> entries = plan(contribLibrary(), Map.of("cube", "1.4", "earthdistance", "1.1"));

            assertThat(extensions(entries)).containsExactly("cube", "earthdistance");
            assertThat(entries).allMatch(e -> e.action() == Action.UPDATE);
        }

        @Test
        void requirementComesFirstEvenWhenItsNameSortsLast() {
            TestLibrary library = new TestLibrary()
                    .extension("a_dependent", "2", "1", "2")
                    .extension("z_base", "2", "1", "2")
                    .requiring("a_dependent", "z_base");

            List<PlanEntry> entries = plan(library, Map.of("a_dependent", "1", "z_base", "1"));

            assertThat(extensions(entries)).containsExactly("z_base", "a_dependent");
        }

        @Test
        void chainOfRequirementsIsOrderedFromTheBaseUp() {
            TestLibrary library = new TestLibrary()
                    .extension("alpha", "2", "1", "2")
                    .extension("mike", "2", "1", "2")
                    .extension("zulu", "2", "1", "2")
                    .requiring("alpha", "mike")
                    .requiring("mike", "zulu");

            List<PlanEntry> entries = plan(library, Map.of("alpha", "1", "mike", "1", "zulu", "1"));

            assertThat(extensions(entries)).containsExactly("zulu", "mike", "alpha");
        }

        @Test
        void ensuredRequirementIsCreatedBeforeTheExtensionThatNeedsIt() {
            TestLibrary library = new TestLibrary()
                    .extension("a_dependent", "1", "1")
                    .extension("z_base", "1", "1")
                    .requiring("a_dependent", "z_base");

            List<PlanEntry> entries = plan(ensured("a_dependent", "z_base"), library, Map.of());

            assertThat(extensions(entries)).containsExactly("z_base", "a_dependent");
            assertThat(entries).allMatch(e -> e.action() == Action.CREATE);
        }

        @Test
        void requirementThatNeedsNoChangeDoesNotMoveAhead() {
            List<PlanEntry> entries = plan(contribLibrary(), Map.of("cube", "1.5", "earthdistance", "1.1"));

            assertThat(entries).extracting(PlanEntry::extension, PlanEntry::action)
                    .containsExactly(
                            tuple("earthdistance", Action.UPDATE),
                            tuple("cube", Action.NONE));
        }

        @Test
        void changesComeFirstThenTheRestByName() {
            TestLibrary library = contribLibrary()
                    .extension("btree_gin", "1.3", "1.3")
                    .extension("pg_trgm", "1.6", "1.5", "1.6");
            Map<String, String> installed = Map.of(
                    "btree_gin", "1.3",          // NONE
                    "cube", "1.6",               // ERROR (downgrade)
                    "earthdistance", "1.1",      // UPDATE
                    "pg_trgm", "1.5",            // UPDATE
                    "aaa_orphan", "0.1");        // ERROR (no control file)

            List<PlanEntry> entries = plan(library, installed);

            assertThat(entries).extracting(PlanEntry::extension)
                    .containsExactly("earthdistance", "pg_trgm", "aaa_orphan", "btree_gin", "cube");
            assertThat(entries.subList(0, 2)).allMatch(PlanEntry::isDrift);
            assertThat(entries.subList(2, 5)).noneMatch(PlanEntry::isDrift);
        }
    }

    /**
     * An {@link ExtensionLibrary} held in memory. Each extension has a default version and update
     * scripts that lead from each listed version to the next; install-only versions have no scripts.
     */
    static final class TestLibrary implements ExtensionLibrary {
        private final Map<String, String> defaults = new HashMap<>();
        private final Map<String, Set<String>> versions = new HashMap<>();
        private final Map<String, Map<String, Set<String>>> scripts = new HashMap<>();
        private final Map<String, List<String>> requirements = new HashMap<>();

        /** An extension at {@code defaultVersion} with update scripts chaining {@code chain}, oldest first. */
        TestLibrary extension(String name, String defaultVersion, String... chain) {
            defaults.put(name, defaultVersion);
            versions.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(defaultVersion);
            for (int i = 0; i < chain.length; i++) {
                versions.get(name).add(chain[i]);
                if (i > 0) {
                    scripts.computeIfAbsent(name, n -> new HashMap<>())
                            .computeIfAbsent(chain[i - 1], v -> new HashSet<>()).add(chain[i]);
                }
            }
            return this;
        }

        /** A version with an install script but no update script to or from it. */
        TestLibrary installScriptOnly(String name, String version) {
            versions.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(version);
            return this;
        }

        TestLibrary requiring(String name, String... required) {
            requirements.put(name, List.of(required));
            return this;
        }

        @Override
        public Optional<String> defaultVersion(String extension) {
            return Optional.ofNullable(defaults.get(extension));
        }

        @Override
        public Set<String> knownVersions(String extension) {
            return versions.getOrDefault(extension, Set.of());
        }

        @Override
        public boolean hasUpdatePath(String extension, String from, String to) {
            Map<String, Set<String>> steps = scripts.getOrDefault(extension, Map.of());
            Set<String> seen = new HashSet<>();
            Deque<String> queue = new ArrayDeque<>(List.of(from));
            while (!queue.isEmpty()) {
                String version = queue.poll();
                for (String next : steps.getOrDefault(version, Set.of())) {
                    if (next.equals(to)) {
                        return true;
                    }
                    if (seen.add(next)) {
                        queue.add(next);
                    }
                }
            }
            return false;
        }

        @Override
        public List<String> requires(String extension, String version) {
            return requirements.getOrDefault(extension, List.of());
        }
    }
}
