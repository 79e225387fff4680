package io.watchkeeper.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of STYLE.md, checked on the compiled main classes: dependencies point down the
 * pipeline toward model, implementation packages stay private, and banned calls stay out. Think
 * hard about the layering before changing a rule here.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages("io.watchkeeper");
  }

  private static void check(ArchRule rule) {
    rule.check(classes);
  }

  @Test
  void modelDependsOnNothingOfOurs() {
    check(noClasses().that().resideInAPackage("io.watchkeeper.model..")
        .should().dependOnClassesThat().resideOutsideOfPackages("io.watchkeeper.model..", "java..", "org.jspecify.."));
  }

  @Test
  void storageSeesOnlyModel() {
    check(noClasses().that().resideInAPackage("io.watchkeeper.storage..")
        .should().dependOnClassesThat().resideInAnyPackage("io.watchkeeper.ingest..", "io.watchkeeper.query..",
            "io.watchkeeper.web..", "io.watchkeeper.server.."));
  }

  @Test
  void ingestAndQueryDoNotSeeEachOtherOrWhatIsAbove() {
    check(noClasses().that().resideInAPackage("io.watchkeeper.ingest..")
        .should().dependOnClassesThat().resideInAnyPackage("io.watchkeeper.query..", "io.watchkeeper.web..",
            "io.watchkeeper.server.."));
    check(noClasses().that().resideInAPackage("io.watchkeeper.query..")
        .should().dependOnClassesThat().resideInAnyPackage("io.watchkeeper.ingest..", "io.watchkeeper.web..",
            "io.watchkeeper.server.."));
  }

  @Test
  void rulesSeeOnlyQueryStorageAndModel() {
    // rules -> query -> storage -> model; rules never imports the notification side (AlertSink is its boundary)
    check(noClasses().that().resideInAPackage("io.watchkeeper.rules..")
        .should().dependOnClassesThat().resideInAnyPackage("io.watchkeeper.ingest..", "io.watchkeeper.web..",
            "io.watchkeeper.server..", "io.watchkeeper.alerting..", "io.watchkeeper.probe..", "io.watchkeeper.auth.."));
    check(noClasses().that().resideInAnyPackage("io.watchkeeper.model..", "io.watchkeeper.storage..",
            "io.watchkeeper.query..", "io.watchkeeper.ingest..", "io.watchkeeper.alerting..")
        .should().dependOnClassesThat().resideInAPackage("io.watchkeeper.rules.."));
  }

  @Test
  void probeSeesOnlyStorageAndModel() {
    // probe -> storage -> model: monitors write samples; alerts on them are ordinary rules
    check(noClasses().that().resideInAPackage("io.watchkeeper.probe..")
        .should().dependOnClassesThat().resideInAnyPackage("io.watchkeeper.ingest..", "io.watchkeeper.query..",
            "io.watchkeeper.rules..", "io.watchkeeper.alerting..", "io.watchkeeper.web..", "io.watchkeeper.postgres..",
            "io.watchkeeper.server..", "io.watchkeeper.auth.."));
    check(noClasses().that().resideInAnyPackage("io.watchkeeper.model..", "io.watchkeeper.storage..",
            "io.watchkeeper.query..", "io.watchkeeper.ingest..", "io.watchkeeper.rules..", "io.watchkeeper.alerting..")
        .should().dependOnClassesThat().resideInAPackage("io.watchkeeper.probe.."));
  }

  @Test
  void nothingButTheServerDependsOnWeb() {
    check(noClasses().that().resideOutsideOfPackages("io.watchkeeper.web..", "io.watchkeeper.server..")
        .should().dependOnClassesThat().resideInAPackage("io.watchkeeper.web.."));
    check(noClasses().that().resideOutsideOfPackage("io.watchkeeper.server..")
        .should().dependOnClassesThat().resideInAPackage("io.watchkeeper.server.."));
  }

  @Test
  void alertingSeesOnlyModel() {
    check(noClasses().that().resideInAPackage("io.watchkeeper.alerting..")
        .should().dependOnClassesThat().resideInAnyPackage("io.watchkeeper.storage..", "io.watchkeeper.ingest..",
            "io.watchkeeper.query..", "io.watchkeeper.rules..", "io.watchkeeper.web..", "io.watchkeeper.postgres..",
            "io.watchkeeper.server.."));
  }

  @Test
  void postgresImplementsStoresAndOnlyTheServerKnowsIt() {
    check(noClasses().that().resideInAPackage("io.watchkeeper.postgres..")
        .should().dependOnClassesThat().resideInAnyPackage("io.watchkeeper.storage..", "io.watchkeeper.ingest..",
            "io.watchkeeper.query..", "io.watchkeeper.web..", "io.watchkeeper.server.."));
    check(noClasses().that().resideOutsideOfPackages("io.watchkeeper.postgres..", "io.watchkeeper.server..")
        .should().dependOnClassesThat().resideInAPackage("io.watchkeeper.postgres.."));
  }

  @Test
  void channelsAreReachedOnlyThroughTheNotifierFactory() {
    for (String channel : List.of("webhook", "slack", "email", "pagerduty", "opsgenie", "msteams", "discord", "telegram")) {
      String pkg = "io.watchkeeper.alerting.notify." + channel + "..";
      check(noClasses().that().resideInAPackage("io.watchkeeper.alerting..")
          .and().resideOutsideOfPackage(pkg)
          .and().doNotHaveFullyQualifiedName("io.watchkeeper.alerting.notify.NotifierFactory")
          .should().dependOnClassesThat().resideInAPackage(pkg));
    }
  }

  @Test
  void storageImplementationsArePrivateToStorageAndTheServer() {
    check(noClasses().that().resideOutsideOfPackages("io.watchkeeper.storage..", "io.watchkeeper.server..")
        .should().dependOnClassesThat().resideInAnyPackage("io.watchkeeper.storage.tsdb..",
            "io.watchkeeper.storage.memory.."));
  }

  @Test
  void bannedCallsStayOut() {
    // only the entry points end the JVM: the command line and the start-up cache's training run
    check(noClasses().that().doNotHaveFullyQualifiedName("io.watchkeeper.server.Main")
        .and().doNotHaveFullyQualifiedName("io.watchkeeper.server.AotTraining")
        .should().callMethod(System.class, "exit", int.class));
    check(noClasses().should().callMethod(Throwable.class, "printStackTrace"));
    check(noClasses().should().callMethod(String.class, "toLowerCase"));
    check(noClasses().should().callMethod(String.class, "toUpperCase"));
  }
}
