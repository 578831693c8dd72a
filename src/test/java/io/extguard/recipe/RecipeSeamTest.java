package io.extguard.recipe;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The recipe seam's direction (README, "Extensions with their own rules"): the visit mechanics and
 * the planner own the interfaces a recipe implements, so they never reach into recipe/, and a
 * recipe's own machinery (Citus's cluster procedure) is reached only through the registry.
 */
class RecipeSeamTest {
    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.extguard");

    @Test
    void applyAndPlanDoNotKnowTheRecipes() {
        assertThat(PRODUCTION.containPackage("io.extguard.apply")).isTrue();
        noClasses().that().resideInAnyPackage("io.extguard.apply..", "io.extguard.plan..")
                .should().dependOnClassesThat().resideInAPackage("io.extguard.recipe..")
                .check(PRODUCTION);
    }

    @Test
    void onlyTheRegistryReachesCitusMachinery() {
        assertThat(PRODUCTION.containPackage("io.extguard.recipe.citus")).isTrue();
        noClasses().that().resideOutsideOfPackages("io.extguard.recipe", "io.extguard.recipe.citus")
                .should().dependOnClassesThat().resideInAPackage("io.extguard.recipe.citus")
                .check(PRODUCTION);
    }
}
