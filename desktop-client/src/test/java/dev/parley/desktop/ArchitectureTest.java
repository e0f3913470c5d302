package dev.parley.desktop;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** MVVM boundaries: ViewModels and their models never touch scene graph types; the network layer knows no JavaFX. */
@AnalyzeClasses(packages = "dev.parley.desktop", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule viewModelsDoNotKnowTheSceneGraph = noClasses()
            .that().haveSimpleNameEndingWith("ViewModel")
            .or().haveSimpleName("ChatItem").or().haveSimpleName("MessageItem")
            .should().dependOnClassesThat().resideInAPackage("javafx.scene..");

    @ArchTest
    static final ArchRule theNetworkLayerKnowsNoJavaFx = noClasses()
            .that().resideInAPackage("dev.parley.desktop.net..")
            .should().dependOnClassesThat().resideInAPackage("javafx..");
}
