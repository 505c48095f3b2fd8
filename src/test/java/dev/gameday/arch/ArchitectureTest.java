package dev.gameday.arch;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameStartingWith;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of the code's layout, checked on the service's classes (src/main): each fails the build
 * naming every class that breaks it.
 */
class ArchitectureTest {

    /** The classes that own time and threads: every wait, every thread and every executor is theirs. */
    static final String TIME = "dev.gameday.time..";

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

    @Test
    void onlyTheTimePackageSleepsWaitsOrMakesThreads() {
        noClasses().that().resideOutsideOfPackage(TIME)
                .should().callMethod(Thread.class, "sleep", long.class)
                .orShould().callMethod(Thread.class, "sleep", long.class, int.class)
                .orShould().callMethod(TimeUnit.class, "sleep", long.class)
                .orShould().callMethodWhere(target(owner(type(LockSupport.class))).and(target(nameStartingWith("park"))))
                .orShould().callMethod(Object.class, "wait", long.class)
                .orShould().callMethodWhere(target(owner(type(Executors.class))))
                .orShould().callConstructorWhere(target(owner(assignableTo(Thread.class))))
                .because("time is injected (Clock, Sleeper, Scheduler, Retry) and threads are named and made in one place "
                        + "(Threads), so that a unit test runs on a fake clock without waiting")
                .check(service);
    }

    @Test
    void everyPackageSaysWhatItHolds() throws IOException {
        List<Path> without;
        try (Stream<Path> dirs = Files.walk(Path.of("src/main/java/dev/gameday"))) {
            without = dirs.filter(Files::isDirectory).filter(ArchitectureTest::holdsJava)
                    .filter(dir -> !Files.exists(dir.resolve("package-info.java"))).toList();
        }
        assertThat(without).as("packages without a package-info.java").isEmpty();
    }

    private static boolean holdsJava(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
