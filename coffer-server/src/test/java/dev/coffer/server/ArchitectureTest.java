package dev.coffer.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.coffer.crypto.Aead;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.store.Jdbc;
import org.junit.jupiter.api.Test;

/**
 * The rules that keep the house in order (docs/architecture.md): features do not depend on each other
 * in cycles, SQL stays in stores, encryption stays behind the barrier, and only the Authorizer says no.
 */
class ArchitectureTest {

    private static final JavaClasses SERVER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.coffer.server");

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.coffer.server.(*)..").should().beFreeOfCycles().check(SERVER);
    }

    @Test
    void onlyStoresRunSql() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.coffer.server.store..")
                .and()
                .haveSimpleNameNotEndingWith("Store")
                .should()
                .accessClassesThat()
                .belongToAnyOf(Jdbc.class)
                .because("SQL belongs to a feature's store, which takes the unit of work")
                .check(SERVER);
    }

    @Test
    void onlyTheKeysFeatureEncrypts() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.coffer.server.keys..")
                .should()
                .accessClassesThat()
                .belongToAnyOf(Aead.class)
                .because("the barrier is the only code that encrypts and decrypts")
                .check(SERVER);
    }

    @Test
    void onlyTheAccessFeatureDecidesAPermissionIsDenied() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.coffer.server.access..")
                .should()
                .callConstructor(ApiException.Forbidden.class, String.class)
                .because("the Authorizer is the one place that decides")
                .check(SERVER);
    }

    @Test
    void servicesDoNotReachIntoTheWebServer() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.coffer.server.http..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.helidon..")
                .check(SERVER);
    }
}
