import 'reflect-metadata';
import path from 'node:path';
import type { DataSource, DataSourceOptions } from 'typeorm';
import { ApiKeyEntity } from '../modules/api-key/api-key.entity.js';
import { ApplicationEntity } from '../modules/application/application.entity.js';
import { ApplicationEventEntity } from '../modules/application/application-event.entity.js';
import { AuditEventEntity } from '../modules/audit/audit-event.entity.js';
import { CategoryEntity } from '../modules/category/category.entity.js';
import { CertifiedProductEntity } from '../modules/directory/certified-product.entity.js';
import { ListingStatusChangeEntity } from '../modules/directory/listing-status-change.entity.js';
import { ProductPageEntity } from '../modules/directory/product-page.entity.js';
import { VendorEntity } from '../modules/directory/vendor.entity.js';
import { AdmissionStepEntity, NoteEntity, RequirementEntity } from '../modules/how-to-join/how-to-join.entities.js';
import { LabEntity } from '../modules/lab/lab.entity.js';
import { ProgramEntity } from '../modules/program/program.entity.js';
import { ProgramLabEntity } from '../modules/program/program-lab.entity.js';
import { ProgramSpecEntity } from '../modules/program/program-spec.entity.js';
import { ProgramStatusChangeEntity } from '../modules/program/program-status-change.entity.js';
import { ScheduledChangeEntity } from '../modules/scheduled-change/scheduled-change.entity.js';
import { SpecEntity } from '../modules/spec/spec.entity.js';
import { UserEntity } from '../modules/user/user.entity.js';
import { ProgramWatchEntity } from '../modules/watch/program-watch.entity.js';
import { WebhookDeliveryEntity, WebhookEndpointEntity } from '../modules/webhook/webhook.entities.js';
import { CatalogRevisionEntity } from '../platform/catalog-revision/catalog-revision.entity.js';
import { NotificationEntity } from '../platform/notification/notification.entity.js';
import { SessionEntity } from '../platform/session/session.entity.js';
import { type Dialect, useDialect } from './column-types.js';
import { Database } from './database.js';
import { MIGRATIONS } from './migrations/index.js';
import { StatementCountingLogger } from './sql-statement-counter.js';
import { bindIntegersOnSqlite } from './sqlite-parameters.js';
import { isolateSqliteReads } from './sqlite-reader.js';

export const ENTITIES = [
  VendorEntity,
  CertifiedProductEntity,
  ListingStatusChangeEntity,
  ProductPageEntity,
  CategoryEntity,
  ProgramEntity,
  LabEntity,
  SpecEntity,
  ProgramLabEntity,
  ProgramSpecEntity,
  RequirementEntity,
  AdmissionStepEntity,
  NoteEntity,
  AuditEventEntity,
  ProgramStatusChangeEntity,
  UserEntity,
  SessionEntity,
  CatalogRevisionEntity,
  ProgramWatchEntity,
  WebhookEndpointEntity,
  WebhookDeliveryEntity,
  ApplicationEntity,
  ApplicationEventEntity,
  NotificationEntity,
  ApiKeyEntity,
  ScheduledChangeEntity,
];

export const DEFAULT_DATABASE_URL = 'sqlite:./data/certhub.sqlite';

export type DatabaseLocation = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

/** `sqlite:<path>` (relative to the working directory) or `postgres://…`. */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!file) throw new Error('DATABASE_URL "sqlite:" needs a file path, e.g. sqlite:./data/certhub.sqlite');
    // Readers use a second connection to the file, which an in-memory database does not have.
    if (file === ':memory:')
      throw new Error(
        'DATABASE_URL "sqlite::memory:" is not supported: give a file path (on tmpfs for speed, e.g. sqlite:/dev/shm/certhub.sqlite).',
      );
    return { dialect: 'sqlite', file: path.resolve(file) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgres', url };
  throw new Error(`DATABASE_URL must start with "sqlite:" or "postgres://" (got "${url}").`);
}

export function dialectOf(dataSource: DataSource): Dialect {
  return dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
}

export function createDataSource(url: string, overrides: Partial<DataSourceOptions> = {}): Database {
  const location = parseDatabaseUrl(url);
  useDialect(location.dialect);
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logger: new StatementCountingLogger(),
  } as const;
  const options: DataSourceOptions =
    location.dialect === 'sqlite'
      ? {
          ...common,
          type: 'better-sqlite3',
          database: location.file,
          enableWAL: true,
          // Wait for a concurrent writer (a CLI import while the server runs) instead of failing.
          timeout: 10_000,
          ...(overrides as object),
        }
      : {
          ...common,
          type: 'postgres',
          url: location.url,
          extra: { max: 10 },
          ...(overrides as object),
        };
  const database = new Database(options);
  bindIntegersOnSqlite(database);
  return database;
}

/** Opens the database, applies every pending migration, and on SQLite keeps reads apart from writes. */
export async function openDatabase(url: string): Promise<Database> {
  const dataSource = createDataSource(url);
  await dataSource.initialize();
  await runMigrationsOnce(dataSource);
  isolateSqliteReads(dataSource);
  return dataSource;
}

/**
 * A fixed advisory lock key, outside the int4 range of `hashtext` that `lockKeys` uses, so it
 * never collides with theirs.
 */
export const MIGRATION_LOCK_KEY = 7_263_410_955_201;

/**
 * Applies pending migrations, once however many instances start together. PostgreSQL: under a
 * session advisory lock, so a second instance waits, then finds nothing pending (TypeORM reads
 * the executed migrations before its own transactions, so without it both would run them).
 * SQLite: serves one instance per file (see README, Operations), so no lock is taken.
 */
export function runMigrationsOnce(dataSource: DataSource): Promise<void> {
  return underStartupLock(dataSource, async () => {
    await dataSource.runMigrations({ transaction: 'each' });
  });
}

/**
 * Start-up work that must happen once however many instances start together (migrations, the
 * first seed): on PostgreSQL under a session advisory lock, so a second instance waits and then
 * finds it done; SQLite serves one instance per file.
 */
export async function underStartupLock<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  if (dataSource.options.type !== 'postgres') return work();
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}

/** The migrations this version has that the database has not run yet, oldest first. */
export async function pendingMigrations(url: string): Promise<string[]> {
  const dataSource = createDataSource(url);
  await dataSource.initialize();
  try {
    const runner = dataSource.createQueryRunner();
    const executed = (await runner.hasTable('migrations'))
      ? ((await dataSource.query('SELECT name FROM migrations')) as Array<{ name: string }>).map((row) => row.name)
      : [];
    await runner.release();
    return MIGRATIONS.map((migration) => migration.name).filter((name) => !executed.includes(name));
  } finally {
    await dataSource.destroy();
  }
}
