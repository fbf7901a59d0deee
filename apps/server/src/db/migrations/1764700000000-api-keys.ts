import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { migrationColumns } from '../column-types.js';

/** API keys of third parties: only a hash of each key is kept, with its visible prefix and use counts. */
export class ApiKeys1764700000000 implements MigrationInterface {
  name = 'ApiKeys1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { timestamp, id, stamp } = migrationColumns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'api_key',
        columns: [
          id,
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'prefix', type: 'varchar', length: '16' },
          { name: 'key_hash', type: 'varchar', length: '64' },
          { name: 'quota', type: 'integer', isNullable: true },
          stamp('created_at'),
          { name: 'created_by_user_id', type: 'integer', isNullable: true },
          { name: 'revoked_at', type: timestamp, isNullable: true },
          { name: 'last_used_at', type: timestamp, isNullable: true },
          { name: 'request_count', type: 'integer', default: 0 },
        ],
        indices: [{ name: 'IDX_api_key_hash', columnNames: ['key_hash'], isUnique: true }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('api_key');
  }
}
