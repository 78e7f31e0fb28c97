package dev.customers.jdbi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;

/**
 * Our tables, made and upgraded by Flyway with migrations and a history table of our own, in our schema
 * (docs/storage.md, "Schema"); refuses, saying what to do, a schema a newer release or a failed migration left.
 */
final class Schema {

  static final String HISTORY_TABLE = "customers_schema_history";

  private Schema() {}

  /** Moves what earlier releases kept in the default schema, then migrates; {@code moreLocations}: for tests. */
  static void migrate(DataSource dataSource, Dialect dialect, OurSchema schema, String where,
      String... moreLocations) {
    Flyway inTheDefaultSchema = flyway(dataSource, dialect, null, moreLocations);
    Flyway flyway = flyway(dataSource, dialect, schema, moreLocations);
    try {
      PreviousHistory.moveOurs(dataSource, inTheDefaultSchema, where);
      PreviousSchema.moveOurs(dataSource, dialect, schema, inTheDefaultSchema, flyway, where);
      MigrationInfoService info = flyway.info();
      // Failed first: a failed migration of a newer release is a failed one before it is a newer one.
      refuseFailedMigration(info, dialect, where);
      refuseNewerSchema(info, where);
      flyway.migrate();
    } catch (FlywayException e) {
      throw new IllegalStateException("Could not migrate the schema of the customer database at " + where + ". "
          + (dialect.rollsBackDdl
              ? "Nothing of the failed migration was applied: " + dialect.productName + " rolled it back."
              : "The failed migration may be half-applied: " + dialect.productName + " cannot roll back DDL. "
                  + "Restore a backup, or undo its changes by hand and then run Flyway's repair.")
          + " Cause: " + e.getMessage(), e);
    }
  }

  /** Checks, changing nothing, that the schema is the one this release migrates to: not behind, failed or newer. */
  static void requireMigrated(DataSource dataSource, Dialect dialect, OurSchema schema, String where) {
    MigrationInfoService info;
    try {
      info = flyway(dataSource, dialect, schema).info();
    } catch (FlywayException e) {
      throw new IllegalStateException("Could not read the schema history of the customer database at " + where
          + ". Cause: " + e.getMessage(), e);
    }
    refuseFailedMigration(info, dialect, where);
    refuseNewerSchema(info, where);
    MigrationInfo[] pending = info.pending();
    if (pending.length > 0) {
      throw new IllegalStateException("The customer database at " + where + " is not migrated to this release of "
          + "customers-adapters-jdbi: " + (info.current() == null ? "it has no customers schema (history table "
          + schema.name() + "." + HISTORY_TABLE + ")" : "it is at version " + info.current().getVersion())
          + ", and versions " + versions(List.of(pending)) + " are pending. Run "
          + "JdbiCustomerRepository.migrate(dataSource) first, or open it with Migration.ON_OPEN.");
    }
  }

  /**
   * Our migrations and history, in our schema (made when missing), or with {@code schema} null in the default one,
   * where releases before kept them. A schema that holds tables but not ours yet (the host's, named as ours) is
   * baselined below our first version, so that Flyway migrates it instead of refusing a schema not empty.
   */
  private static Flyway flyway(DataSource dataSource, Dialect dialect, OurSchema schema, String... moreLocations) {
    List<String> locations = new ArrayList<>(List.of(Dialect.COMMON_MIGRATIONS, dialect.migrations));
    locations.addAll(List.of(moreLocations));
    return Flyway.configure(Schema.class.getClassLoader())
        .schemas(schema == null ? new String[0] : new String[] {schema.stored(dialect)})
        .dataSource(dataSource)
        .locations(locations.toArray(String[]::new))
        .table(HISTORY_TABLE)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .baselineDescription("customers: tables of others in the schema before ours")
        .cleanDisabled(true)
        // Through the same facade as HikariCP and Jdbi, rather than whichever logger Flyway finds first.
        .loggers("slf4j")
        .load();
  }

  private static void refuseNewerSchema(MigrationInfoService info, String where) {
    List<MigrationInfo> future = Arrays.stream(info.all())
        .filter(migration -> migration.getState() == MigrationState.FUTURE_SUCCESS
            || migration.getState() == MigrationState.FUTURE_FAILED)
        .toList();
    if (future.isEmpty()) {
      return;
    }
    String known = Arrays.stream(info.all())
        // Not Flyway's marker of the schema it made, which has no version.
        .filter(migration -> migration.getState().isResolved() && migration.getVersion() != null)
        .map(migration -> migration.getVersion().getVersion())
        .reduce((first, last) -> last)
        .orElse("none");
    throw new IllegalStateException("The customer database at " + where + " has a schema newer than this release "
        + "of customers-adapters-jdbi knows: it was migrated to version " + versions(future) + " by a newer release, "
        + "while this one knows versions up to " + known + ". Run the newer release against it, or use a database "
        + "made by this release.");
  }

  static void refuseFailedMigration(MigrationInfoService info, Dialect dialect, String where) {
    List<MigrationInfo> failed =
        Arrays.stream(info.all()).filter(migration -> migration.getState().isFailed()).toList();
    if (failed.isEmpty()) {
      return;
    }
    throw new IllegalStateException("The customer database at " + where + " holds a failed migration to version "
        + versions(failed) + ". " + (dialect.rollsBackDdl ? "" : dialect.productName + " cannot roll back DDL, so it "
        + "may be half-applied. ") + "Restore a backup, or undo its changes by hand and then run Flyway's repair.");
  }

  private static String versions(List<MigrationInfo> migrations) {
    return migrations.stream()
        .map(migration -> migration.getVersion().getVersion() + " (" + migration.getDescription() + ")")
        .collect(Collectors.joining(", "));
  }
}
