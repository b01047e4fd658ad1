package dev.frontline.server.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations, one set for SQLite and PostgreSQL, run by Flyway: the files are
 * {@code db/migration/V<n>__<what>.sql}; Flyway records each applied one with its checksum in
 * {@code flyway_schema_history}, refuses to start when a file that has run was changed since, and
 * on PostgreSQL holds a lock so that two starting processes of a cluster do not migrate at once.
 * The engines' few differences are {@link Dialect#placeholders()} ({@code ${id}}).
 */
final class Migrations {
  private static final Logger log = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  static void migrate(DataSource ds, Dialect dialect) {
    try {
      MigrateResult r = Flyway.configure(Migrations.class.getClassLoader())
          .dataSource(ds)
          .locations("classpath:db/migration")
          .placeholders(dialect.placeholders())
          .validateMigrationNaming(true)
          .load()
          .migrate();
      if (r.migrationsExecuted > 0) {
        log.info("event=db.migrated from={} to={} count={}", r.initialSchemaVersion, r.targetSchemaVersion,
            r.migrationsExecuted);
      }
    } catch (FlywayException e) {
      throw new IllegalStateException("schema migration failed: " + e.getMessage(), e);
    }
  }
}
