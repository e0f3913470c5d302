package dev.parley.protocol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The protocol is the wire contract only: no server framework, no UI toolkit, no database. */
class ArchitectureTest {

    @Test
    void protocolDependsOnNeitherHelidonNorJavaFxNorJdbc() {
        noClasses().that().resideInAPackage("dev.parley.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage("io.helidon..", "javafx..", "java.sql..", "jakarta..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.parley.protocol"));
    }
}
