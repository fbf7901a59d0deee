import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PostgreSQL: the instances that trust the pushed catalogue revision, each with the highest
 * revision it has taken in (`seen_revision`) and the lease that lets it trust it (`lease_until`,
 * the database's clock). A writer answers only once every instance with a running lease has seen
 * its revision (platform/catalog-revision/revision-listener.ts has the argument). UNLOGGED: after
 * a crash of PostgreSQL the table is empty, and so is every instance's trust (their connections
 * died with it). SQLite: one instance, whose revision read costs microseconds; nothing to do.
 */
export class CatalogRevisionListeners1766100000000 implements MigrationInterface {
  name = 'CatalogRevisionListeners1766100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query(`CREATE UNLOGGED TABLE catalog_revision_listener (
  instance_id varchar(64) PRIMARY KEY,
  seen_revision integer NOT NULL,
  lease_until timestamptz NOT NULL
)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query('DROP TABLE catalog_revision_listener');
  }
}
