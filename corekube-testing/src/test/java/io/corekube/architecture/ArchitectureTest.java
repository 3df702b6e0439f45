package io.corekube.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.anyElementThat;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rules of DESIGN.md, enforced on the compiled main classes of every module. */
class ArchitectureTest {

    private static final String[] WIRE = {"..internal..", "io.etcd..", "io.grpc..", "io.netty..", "okhttp3..",
        "com.fasterxml.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // other modules' test helpers arrive in their test-jars, which are not library code either
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.corekube");
    }

    @Test
    void theRulesSeeEveryModule() {
        for (String name : new String[] {"io.corekube.deploy.InMemoryDeploymentStore", "io.corekube.etcd.v2.EtcdV2Client",
            "io.corekube.etcd.store.EtcdDeploymentStore", "io.corekube.testing.etcd.EtcdServer", "io.corekube.pki.ClusterPki",
            "io.corekube.value.HttpUrl", "io.corekube.templates.kubernetes.KubernetesRoles"}) {
            org.junit.jupiter.api.Assertions.assertTrue(classes.contain(name), name + " was not imported");
        }
    }

    @Test
    void publicMethodsOfPublicPackagesReturnNoWireOrInternalTypes() {
        noMethods().that().arePublic().and().areDeclaredInClassesThat().arePublic()
                .and().areDeclaredInClassesThat().resideOutsideOfPackages("..internal..")
                .should().haveRawReturnType(resideInAnyPackage(WIRE))
                .check(classes);
    }

    @Test
    void publicMethodsOfPublicPackagesTakeNoWireOrInternalTypes() {
        noMethods().that().arePublic().and().areDeclaredInClassesThat().arePublic()
                .and().areDeclaredInClassesThat().resideOutsideOfPackages("..internal..")
                .should().haveRawParameterTypes(anyElementThat(resideInAnyPackage(WIRE)))
                .check(classes);
    }

    @Test
    void adapterModulesDoNotDependOnEachOther() {
        String[][] adapters = {{"io.corekube.etcd.."}, {"io.corekube.fleet.."}, {"io.corekube.openstack.."},
            {"io.corekube.templates.."}};
        for (String[] adapter : adapters) {
            for (String[] other : adapters) {
                // the etcd adapter validates flannel configs with the templates' FlannelConfig before publishing them
                boolean allowed = adapter[0].equals("io.corekube.etcd..") && other[0].equals("io.corekube.templates..");
                if (adapter != other && !allowed) {
                    noClasses().that().resideInAnyPackage(adapter).should().dependOnClassesThat()
                            .resideInAnyPackage(other).allowEmptyShould(true).check(classes);
                }
            }
        }
    }

    @Test
    void theApiHasNoNetworkLibraryAndNoAdapter() {
        noClasses().that().resideInAnyPackage("io.corekube", "io.corekube.cluster..", "io.corekube.unit..",
                        "io.corekube.deploy..", "io.corekube.spi..", "io.corekube.internal..", "io.corekube.value..",
                        "io.corekube.credentials..")
                .should().dependOnClassesThat().resideInAnyPackage("io.etcd..", "io.grpc..", "okhttp3..",
                        "com.fasterxml..", "org.bouncycastle..", "io.corekube.etcd..", "io.corekube.fleet..",
                        "io.corekube.openstack..", "io.corekube.pki..", "io.corekube.testing..")
                .check(classes);
    }

    @Test
    void onlyThePkiModuleUsesBouncyCastle() {
        noClasses().that().resideOutsideOfPackages("io.corekube.pki..")
                .should().dependOnClassesThat().resideInAnyPackage("org.bouncycastle..")
                .check(classes);
    }

    @Test
    void libraryCodeNeverPrintsToTheConsole() {
        noClasses().that().resideOutsideOfPackages("io.corekube.examples..")
                .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .check(classes);
    }
}
