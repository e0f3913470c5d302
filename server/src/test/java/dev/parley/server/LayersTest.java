package dev.parley.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The server's packages form a stack read top-down (see the README's "Layers"): the wiring, then the transport
 * adapters (the WebSocket endpoint in {@code ws}, each feature's {@code XxxResource}), then the features, then the
 * shared infrastructure. An import never points up, and no two packages depend on each other.
 */
class LayersTest {

    private static final String BASE = "dev.parley.server";
    /** The server's own classes, read from where Maven compiled them (scanning the classpath takes seconds). */
    private static final JavaClasses SERVER = new ClassFileImporter()
            .importPath(Path.of("target", "classes"));

    private static final DescribedPredicate<JavaClass> WIRING = DescribedPredicate.describe("the wiring",
            c -> c.getPackageName().equals(BASE) || c.getPackageName().startsWith(BASE + ".tools"));
    private static final DescribedPredicate<JavaClass> ADAPTERS = DescribedPredicate.describe("transport adapters",
            c -> c.getPackageName().startsWith(BASE + ".ws") || (isFeature(c) && isResource(c)));
    private static final DescribedPredicate<JavaClass> FEATURES = DescribedPredicate.describe("features",
            c -> isFeature(c) && !isResource(c));
    private static final DescribedPredicate<JavaClass> INFRASTRUCTURE = DescribedPredicate.describe(
            "infrastructure", c -> c.getPackageName().matches("dev\\.parley\\.server\\.(realtime|cluster|db|blob|common)(\\..*)?"));

    @Test
    void importsNeverPointUpTheLayers() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Wiring").definedBy(WIRING)
                .layer("Adapters").definedBy(ADAPTERS)
                .layer("Features").definedBy(FEATURES)
                .layer("Infrastructure").definedBy(INFRASTRUCTURE)
                .whereLayer("Wiring").mayNotBeAccessedByAnyLayer()
                .whereLayer("Adapters").mayOnlyBeAccessedByLayers("Wiring")
                .whereLayer("Features").mayOnlyBeAccessedByLayers("Wiring", "Adapters", "Features")
                .check(SERVER);
    }

    @Test
    void everyClassBelongsToALayer() {
        classes()
                .should(new ArchCondition<>("belong to a layer") {
                    @Override
                    public void check(JavaClass item, ConditionEvents events) {
                        if (!WIRING.test(item) && !ADAPTERS.test(item) && !FEATURES.test(item)
                                && !INFRASTRUCTURE.test(item)) {
                            events.add(SimpleConditionEvent.violated(item,
                                    item.getName() + " is in no layer: put it in a package of the README's layers"));
                        }
                    }
                })
                .check(SERVER);
    }

    @Test
    void packagesDoNotDependOnEachOtherBothWays() {
        slices().matching(BASE + ".(*)..").should().beFreeOfCycles().check(SERVER);
    }

    private static boolean isFeature(JavaClass c) {
        return c.getPackageName().matches("dev\\.parley\\.server\\.(auth|user|room|message|group|attachment|search)(\\..*)?");
    }

    private static boolean isResource(JavaClass c) {
        JavaClass top = c;
        while (top.getEnclosingClass().isPresent()) {
            top = top.getEnclosingClass().get();
        }
        return top.getSimpleName().endsWith("Resource");
    }
}
