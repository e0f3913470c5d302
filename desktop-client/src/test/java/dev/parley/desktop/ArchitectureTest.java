package dev.parley.desktop;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The desktop client's layers: the app (composition root) over the views in {@code ui}, over the ViewModels in
 * {@code chat} and {@code login}, over {@code net} and {@code common}. No two packages depend on each other;
 * ViewModels and their models never touch the scene graph; the network layer knows no JavaFX.
 */
@AnalyzeClasses(packages = "dev.parley.desktop", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Every package of the client is a slice of its own, the root package and each subpackage included. */
    private static final SliceAssignment EACH_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            return name.equals("dev.parley.desktop") || name.startsWith("dev.parley.desktop.")
                    ? SliceIdentifier.of(name) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "packages of dev.parley.desktop";
        }
    };

    @ArchTest
    static final ArchRule noPackageOfTheClientDependsOnOneThatDependsOnIt = slices().assignedFrom(EACH_PACKAGE)
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule viewModelsAndTheirModelsDoNotKnowTheSceneGraph = noClasses()
            .that().haveSimpleNameEndingWith("ViewModel")
            .or().resideInAnyPackage("dev.parley.desktop.chat..", "dev.parley.desktop.login..")
            .should().dependOnClassesThat().resideInAPackage("javafx.scene..")
            .orShould().dependOnClassesThat().areAssignableTo("javafx.scene.Node") // our own controls too
            .because("ViewModels are tested without a toolkit; views and cells live in dev.parley.desktop.ui");

    @ArchTest
    static final ArchRule theNetworkLayerAndCommonKnowNoJavaFx = noClasses()
            .that().resideInAnyPackage("dev.parley.desktop.net..", "dev.parley.desktop.common..")
            .should().dependOnClassesThat().resideInAPackage("javafx..");
}
