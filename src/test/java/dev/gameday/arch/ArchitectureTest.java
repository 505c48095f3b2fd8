package dev.gameday.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of the code's layout, checked on the service's classes (src/main): each fails the build
 * naming every class that breaks it.
 */
class ArchitectureTest {

    static JavaClasses service;

    @BeforeAll
    static void importTheService() {
        service = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.gameday");
    }

    @Test
    void noCycleBetweenPackages() {
        slices().matching("dev.gameday.(*)..").should().beFreeOfCycles().check(service);
    }

    @Test
    void dockerJavaIsUsedOnlyInTheDockerPackage() {
        noClasses().that().resideOutsideOfPackage("dev.gameday.docker..")
                .should().dependOnClassesThat().resideInAPackage("com.github.dockerjava..")
                .because("the rest of the service talks to a ContainerRuntime, which a unit test fakes")
                .check(service);
    }
}
