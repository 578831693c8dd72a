package io.extguard.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extguard.model.Action;
import io.extguard.model.PlanEntry;
import io.extguard.recipe.citus.CitusRecipe;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The registry without a server: lookups, startup settings, and the generic statements. */
class RecipesTest {
    private final Recipes recipes = Recipes.standard();

    @Test
    void extensionsWithRulesOfTheirOwnGetTheirRecipeAndTheRestTheGenericOne() {
        assertThat(recipes.forExtension("timescaledb")).isInstanceOf(TimescaleDbRecipe.class);
        for (String member : List.of("postgis", "postgis_raster", "postgis_topology", "postgis_sfcgal",
                "postgis_tiger_geocoder")) {
            assertThat(recipes.forExtension(member)).as(member).isInstanceOf(PostgisRecipe.class);
        }
        assertThat(recipes.forExtension("address_standardizer")).isInstanceOf(GenericRecipe.class);
        assertThat(recipes.forExtension("hstore").extensions()).containsExactly("hstore");
    }

    @Test
    void everySessionDisablesTimescaleDbsLoaderBeforeItsFirstStatement() {
        assertThat(recipes.sessionSettings()).containsExactly("-c timescaledb.disable_load=on");
    }

    @Test
    void citusKeepsItsBuiltInProbe() {
        assertThat(recipes.forExtension("citus")).isInstanceOf(CitusRecipe.class);
        assertThat(recipes.probes())
                .containsExactly(java.util.Map.entry("citus", "SELECT count(*) FROM pg_catalog.citus_get_active_worker_nodes()"));
    }

    @Test
    void citusChangesComeFirstAndItsMinorDriftIsNamed() {
        List<PlanEntry> changes = List.of(entry("hstore", "1.4", "1.8", Action.UPDATE),
                entry("citus", "13.0-1", "13.1-1", Action.UPDATE), entry("pg_trgm", "1.3", "1.6", Action.UPDATE));
        assertThat(recipes.ordered(changes)).extracting(PlanEntry::extension).containsExactly("citus", "hstore", "pg_trgm");
        assertThat(recipes.note("citus", "14.0-1", "14.1-1")).startsWith("minor drift: ");
        assertThat(recipes.note("citus", "12.1-1", "13.0-1")).isNull();
        assertThat(recipes.note("hstore", "1.7", "1.8")).isNull();
    }

    @Test
    void genericStatementsQuoteNamesAndVersions() {
        assertThat(GenericRecipe.statementFor(entry("we\"ird", "1.0", "2.0", Action.UPDATE)))
                .isEqualTo("ALTER EXTENSION \"we\"\"ird\" UPDATE TO '2.0'");
        assertThat(GenericRecipe.statementFor(entry("vector", null, "0.8.0", Action.CREATE)))
                .isEqualTo("CREATE EXTENSION IF NOT EXISTS \"vector\" VERSION '0.8.0' CASCADE");
    }

    @Test
    void twoRecipesForOneExtensionAreAMistake() {
        Recipe one = () -> Set.of("postgis");
        assertThatThrownBy(() -> new Recipes(List.of(one, new PostgisRecipe())))
                .hasMessageContaining("Two recipes for extension postgis");
    }

    private static PlanEntry entry(String extension, String installed, String target, Action action) {
        return new PlanEntry("app", extension, installed, target, action, "test");
    }
}
