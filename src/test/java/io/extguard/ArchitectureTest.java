package io.extguard;

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
}
