package io.extguard.plan;

import io.extguard.model.Action;
import io.extguard.model.PlanEntry;
import static org.assertj.core.api.Assertions.assertThat;

import io.extguard.discovery.NameFilter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The verdicts of {@code check --library-from}: the library facts are the candidate image's. */
class CandidatePlannerTest {
    private static final String DB = "app";

    /** The candidate image: hstore only up to 1.6, seg 1.5 newly requiring cube, no pg_trgm; cube 1.4 -> 1.5. */
    private static ExtensionLibrary candidate() {
        return new CandidateLibrary(new PlannerTest.TestLibrary()
                .extension("hstore", "1.6", "1.4", "1.5", "1.6")
                .extension("cube", "1.5", "1.4", "1.5")
                .extension("seg", "1.5", "1.4", "1.5")
                .requiring("seg", "cube")
                .extension("citext", "1.6", "1.6")
                .installScriptOnly("citext", "1.4"));
    }

    private static PlanEntry only(Map<String, String> installed) {
        List<PlanEntry> entries = new Planner(Selection.everything(), candidate()).plan(DB, installed);
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }

    @Test
    void anUpdateSaysTheCandidateOffersItAndHowItIsReached() {
        PlanEntry entry = only(Map.of("hstore", "1.4"));
        assertThat(entry.action()).isEqualTo(Action.UPDATE);
        assertThat(entry.reason()).isEqualTo("the candidate image offers 1.6, reachable from 1.4 by its update scripts");
    }

    @Test
    void anOlderVersionInTheImageIsADowngradeThatNeedsARestore() {
        PlanEntry entry = only(Map.of("hstore", "1.8"));
        assertThat(entry.action()).isEqualTo(Action.ERROR);
        assertThat(entry.reason()).isEqualTo("the candidate image offers hstore 1.6, older than the installed 1.8: "
                + "extensions cannot be downgraded; this rollout needs a restore to roll back");
    }

    @Test
    void anExtensionTheImageNoLongerShipsWouldFailEveryUse() {
        PlanEntry entry = only(Map.of("pg_trgm", "1.6"));
        assertThat(entry.action()).isEqualTo(Action.ERROR);
        assertThat(entry.target()).isNull();
        assertThat(entry.reason()).contains("the candidate image does not ship pg_trgm")
                .contains("every use of pg_trgm would fail after the rollout");
    }

    @Test
    void aMissingUpdateScriptFailsAfterTheRollout() {
        PlanEntry entry = only(Map.of("citext", "1.4"));
        assertThat(entry.action()).isEqualTo(Action.ERROR);
        assertThat(entry.reason()).startsWith("the candidate image has no update script from 1.4 to 1.6: "
                + "the update would fail after the rollout");
    }

    @Test
    void aNewRequirementThatIsNotInstalledWouldFail() {
        PlanEntry entry = only(Map.of("seg", "1.4"));
        assertThat(entry.action()).isEqualTo(Action.ERROR);
        assertThat(entry.target()).isEqualTo("1.5");
        assertThat(entry.reason()).isEqualTo("the candidate image's seg 1.5 requires extension cube, which is not "
                + "installed in this database: the update would fail after the rollout; create cube first");
    }

    @Test
    void aRequirementThatIsInstalledOrEnsuredIsFine() {
        List<PlanEntry> installed = new Planner(Selection.everything(), candidate())
                .plan(DB, Map.of("seg", "1.4", "cube", "1.5"));
        assertThat(installed).extracting(PlanEntry::action).containsExactly(Action.UPDATE, Action.NONE);

        List<PlanEntry> ensured = new Planner(new Selection(NameFilter.all(), Map.of(), Set.of("cube")), candidate())
                .plan(DB, Map.of("seg", "1.4"));
        assertThat(ensured).extracting(PlanEntry::extension, PlanEntry::action)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("cube", Action.CREATE),
                        org.assertj.core.groups.Tuple.tuple("seg", Action.UPDATE));
    }

    @Test
    void aLiveRunNamesTheMissingRequirementToo() {
        PlannerTest.TestLibrary live = new PlannerTest.TestLibrary()
                .extension("seg", "1.5", "1.4", "1.5")
                .requiring("seg", "cube");
        List<PlanEntry> entries = new Planner(Selection.everything(), live).plan(DB, Map.of("seg", "1.4"));
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(Action.ERROR);
            assertThat(e.reason()).isEqualTo("seg 1.5 requires extension cube, which is not installed in this database; "
                    + "create cube first, or name it in --ensure");
        });
    }

    @Test
    void aCreateCascadesToItsRequirementsSoItNeedsNone() {
        PlannerTest.TestLibrary live = new PlannerTest.TestLibrary()
                .extension("seg", "1.5", "1.5")
                .requiring("seg", "cube");
        List<PlanEntry> entries = new Planner(new Selection(NameFilter.all(), Map.of(), Set.of("seg")), live)
                .plan(DB, Map.of());
        assertThat(entries).singleElement().satisfies(e -> assertThat(e.action()).as(e.reason()).isEqualTo(Action.CREATE));
    }

    /** The same in-memory library, marked as the candidate image's. */
    private record CandidateLibrary(ExtensionLibrary delegate) implements ForwardingExtensionLibrary {
        @Override
        public boolean isCandidateImage() {
            return true;
        }
    }
}
