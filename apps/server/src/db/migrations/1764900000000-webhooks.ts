import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { migrationColumns } from '../column-types.js';

/** Webhook endpoints registered by admins, and the outbox of their deliveries. */
export class Webhooks1764900000000 implements MigrationInterface {
  name = 'Webhooks1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { timestamp, id, stamp, boolean, foreignKey } = migrationColumns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'webhook_endpoint',
        columns: [
          id,
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'url', type: 'varchar', length: '2000' },
          { name: 'events', type: 'text' },
          { name: 'secret', type: 'varchar', length: '100' },
          boolean('active', true),
          stamp('created_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'webhook_delivery',
        columns: [
          id,
          { name: 'endpoint_id', type: 'integer' },
          { name: 'event', type: 'varchar', length: '50' },
          { name: 'delivery_key', type: 'varchar', length: '36' },
          { name: 'payload', type: 'text' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'next_attempt_at', type: timestamp },
          { name: 'last_error', type: 'text', isNullable: true },
          { name: 'sent_at', type: timestamp, isNullable: true },
          stamp('created_at'),
        ],
        foreignKeys: [foreignKey('endpoint_id', 'webhook_endpoint', 'CASCADE')],
        indices: [
          { name: 'IDX_webhook_delivery_due', columnNames: ['status', 'next_attempt_at'] },
          { name: 'IDX_webhook_delivery_endpoint', columnNames: ['endpoint_id'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('webhook_delivery');
    await queryRunner.dropTable('webhook_endpoint');
  }
}
