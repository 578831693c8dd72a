package io.extguard;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package graph runs one way, from the commands down to connect (README, "Code map"): a cycle
 * means two packages can only be understood, and changed, together.
 */
class ArchitectureTest {
    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.extguard");

    @Test
    void packagesAreFreeOfCycles() {
        assertThat(PRODUCTION).as("classes imported").hasSizeGreaterThan(50);
        slices().matching("io.extguard.(*)..").should().beFreeOfCycles().check(PRODUCTION);
    }

    /**
     * The model is the vocabulary every package shares (plan entries, outcomes, reports, problems,
     * the exit code): it must be readable, and stay stable, without knowing any other package.
     */
    @Test
    void theModelDependsOnNoOtherPackageButTheSmallHelpers() {
        assertThat(PRODUCTION.containPackage("io.extguard.model")).isTrue();
        noClasses().that().resideInAPackage("io.extguard.model")
                .should().dependOnClassesThat(resideInAPackage("io.extguard..")
                        .and(not(resideInAnyPackage("io.extguard.model", "io.extguard.util"))))
                .check(PRODUCTION);
    }

    /**
     * The recipe seam's direction (README, "Extensions with their own rules"): the visit mechanics and
     * the planner own the interfaces a recipe implements, so they never reach into recipe/.
     */
    @Test
    void applyAndPlanDoNotKnowTheRecipes() {
        assertThat(PRODUCTION.containPackage("io.extguard.apply")).isTrue();
        noClasses().that().resideInAnyPackage("io.extguard.apply..", "io.extguard.plan..")
                .should().dependOnClassesThat().resideInAPackage("io.extguard.recipe..")
                .check(PRODUCTION);
    }

    /** A recipe's own machinery (Citus's cluster procedure) is reached only through the registry. */
    @Test
    void onlyTheRegistryReachesCitusMachinery() {
        assertThat(PRODUCTION.containPackage("io.extguard.recipe.citus")).isTrue();
        noClasses().that().resideOutsideOfPackages("io.extguard.recipe", "io.extguard.recipe.citus")
                .should().dependOnClassesThat().resideInAPackage("io.extguard.recipe.citus")
                .check(PRODUCTION);
    }
}
