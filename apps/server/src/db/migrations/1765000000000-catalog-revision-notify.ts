import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PostgreSQL: every commit that moves the catalogue revision notifies the channel
 * `certhub_catalog_revision` with the new revision, whoever commits it, so that each instance's
 * listener (platform/catalog-revision/revision-listener.ts) learns of it without asking. A trigger
 * rather than the application: an instance of an older version, or an operator's SQL, notifies too.
 * SQLite has no such channel: nothing to do.
 */
export class CatalogRevisionNotify1765000000000 implements MigrationInterface {
  name = 'CatalogRevisionNotify1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query(`CREATE FUNCTION certhub_notify_catalog_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('certhub_catalog_revision', NEW.revision::text);
  RETURN NULL;
END
$$`);
    await queryRunner.query(`CREATE TRIGGER catalog_revision_notify AFTER INSERT OR UPDATE OF revision ON catalog_revision
FOR EACH ROW EXECUTE FUNCTION certhub_notify_catalog_revision()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query('DROP TRIGGER catalog_revision_notify ON catalog_revision');
    await queryRunner.query('DROP FUNCTION certhub_notify_catalog_revision()');
  }
}
