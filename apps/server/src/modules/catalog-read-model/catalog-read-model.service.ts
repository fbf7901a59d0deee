import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { SqliteConnection, SqliteStatement } from '../../db/database.js';
import { currentStatementTally } from '../../db/sql-statement-counter.js';
import { sqliteReader } from '../../db/sqlite-reader.js';
import {
  CATALOG_REVISION_ROW_ID,
  type CatalogRevisionReader,
  catalogRevisionReader,
} from '../../platform/catalog-revision/catalog-revision.js';
import { CategoryEntity } from '../category/category.entity.js';
import { LabEntity } from '../lab/lab.entity.js';
import { ProgramEntity } from '../program/program.entity.js';
import { ProgramStatusChangeEntity } from '../program/program-status-change.entity.js';
import { ScheduledChangeEntity } from '../scheduled-change/scheduled-change.entity.js';
import { SpecEntity } from '../spec/spec.entity.js';
import { CatalogReadModel, type CatalogRows } from './catalog-read-model.js';
import { ProgramStatusHistory } from './program-status-history.js';

export { CatalogReadModel } from './catalog-read-model.js';

/** Raw rows, by column name as the database spells it. */
type RawRow = Record<string, unknown>;
type RawReads = Record<keyof typeof READS, RawRow[]>;

/** Staff-only columns stay out of the shared model: staff requests read the database. */
const STAFF_ONLY_PROPERTIES = new Set(['partnerCapacity', 'internalNotes']);

/**
 * The same orders as the services' queries (ties broken the same way), so that an answer from the
 * model is byte for byte the one the database path gives. Orders by names are left to the
 * database: its collation decides, as it does for the services.
 */
const READS = {
  revision: `SELECT revision FROM catalog_revision WHERE id = ${CATALOG_REVISION_ROW_ID}`,
  categories: 'SELECT * FROM category ORDER BY position ASC, id ASC',
  programs: 'SELECT * FROM program ORDER BY category_id ASC, position ASC, id ASC',
  labs: 'SELECT * FROM lab ORDER BY name ASC, id ASC',
  specs: 'SELECT * FROM spec ORDER BY id ASC',
  programSpecs: 'SELECT program_id, spec_id FROM program_spec ORDER BY program_id ASC, position ASC',
  programLabs: 'SELECT program_id, lab_id FROM program_lab ORDER BY program_id ASC, position ASC',
  labPrograms: `SELECT link.lab_id, link.program_id FROM program_lab link INNER JOIN program ON program.id = link.program_id
                ORDER BY link.lab_id ASC, program.name ASC, program.id ASC`,
  // Only what the public sees of a scheduled change: announced, pending, its moment and status.
  announcedChanges: `SELECT id, program_id, effective_at, admission_status FROM scheduled_change
                     WHERE announce AND state = 'PENDING' ORDER BY program_id ASC, effective_at ASC, id ASC`,
} as const;

/** The newest status change: one step down the primary key, whatever the history's length. */
export const STATUS_CHANGE_LAST = 'SELECT max(id) AS last FROM program_status_change';
/**
 * The status changes after an id (after 0: all) up to the newest one (`STATUS_CHANGE_LAST`, read
 * in the same snapshot, so the bound leaves nothing out), by the primary key's range. In id order,
 * not the history's: ordering by program and time made the database walk that index from its
 * start, a cost that grew with the history; the few new rows are put in the history's order in
 * memory. The upper bound is for PostgreSQL without statistics (never analysed, as where
 * autovacuum is off): it guesses that `id > $1` alone matches a third of the table and read all of
 * it, where a range closed at both ends is guessed narrow and read by the primary key.
 */
export const STATUS_CHANGES_AFTER = {
  sqlite: 'SELECT * FROM program_status_change WHERE id > ? AND id <= ? ORDER BY id ASC',
  postgres: 'SELECT * FROM program_status_change WHERE id > $1 AND id <= $2 ORDER BY id ASC',
};

/**
 * The public status history, carried from one model to the next. It only grows: `recordChange`
 * inserts its rows (record-change.ts, step 3) and nothing updates them; each insert comes after
 * the revision row is locked (its bump, step 1), so ids are handed out in commit order and a
 * snapshot that holds a row holds every row of a smaller id. A new model then reads only the rows
 * after the last id it carried: the history's length costs no statement, row or hydration per
 * revision (before, every build read the whole table, and the soak slowed as its edits grew it).
 * Every statement of it is a step down the primary key: none reads the carried rows again.
 * Rows leave the history only with their program (the foreign key cascades; programs are closed,
 * not deleted, so only a database edited by hand does it): a program missing from the snapshot
 * takes its carried history with it, and a newest id below the carried one (rows deleted at the
 * end) reads the whole history again. So does a new change dated before one carried of its
 * program (an import dated in the past).
 */
interface CarriedHistory {
  lastId: number;
  byProgram: ReadonlyMap<number, ProgramStatusHistory>;
}

const NO_HISTORY: CarriedHistory = { lastId: 0, byProgram: new Map() };

interface Snapshot {
  reads: RawReads;
  /** The newest status change's id in the snapshot. */
  last: number;
  /** Status changes after `after` (0: the whole history). */
  changes: RawRow[];
  after: number;
}

/**
 * Holds the read model of the newest catalogue revision a request has seen, and builds the next
 * one when the revision moves: a handful of set-based reads of one consistent snapshot (SQLite: a
 * read transaction on the read-only connection; PostgreSQL: a REPEATABLE READ, READ ONLY
 * transaction), hydrated as TypeORM hydrates entities, once per revision instead of per request.
 * A request asks for the model of the revision it read (the response cache's read when it made
 * one, else one read of its own), so it is never answered from data older than what was committed
 * when it arrived: the same rule as the response cache's.
 */
export class CatalogReadModelService {
  private current: CatalogReadModel | null = null;
  private building: Promise<CatalogReadModel> | null = null;
  /** The history of the last model built (builds run one at a time, each on a newer snapshot). */
  private history: CarriedHistory = NO_HISTORY;
  private readonly readRevision: CatalogRevisionReader;
  /**
   * SQLite: the build's statements on the read-only connection, prepared on the first build and
   * kept with that connection (a build prepared its thirteen statements again, one per revision).
   */
  private prepared: { reader: SqliteConnection; statements: Map<string, SqliteStatement> } | null = null;

  constructor(private readonly dataSource: DataSource) {
    this.readRevision = catalogRevisionReader(dataSource);
  }

  /** The model of `revision` (read now when not given), or of a newer one; built when missing. */
  async modelAt(revision?: number): Promise<CatalogReadModel> {
    const wanted = revision ?? (await this.readCountedRevision());
    const current = this.current;
    if (current && current.revision === wanted) return current;
    // Requests arriving while a model is built share it: it reads a snapshot at least as new as theirs.
    this.building ??= this.build().finally(() => {
      this.building = null;
    });
    const built = await this.building;
    if (!this.current || built.revision >= this.current.revision) this.current = built;
    return built;
  }

  /** The revision read on SQLite goes around TypeORM, so it is counted here (tests, benchmark). */
  private async readCountedRevision(): Promise<number> {
    const { revision, fromDatabase } = await this.readRevision();
    if (fromDatabase && sqliteReader(this.dataSource)) countStatements(1);
    return revision;
  }

  private async build(): Promise<CatalogReadModel> {
    const snapshot = await this.readSnapshot(this.history);
    const history = this.historyOf(snapshot);
    if (!history) {
      // A change dated before one carried: read the whole history again, in the database's order.
      this.history = NO_HISTORY;
      return this.build();
    }
    const model = new CatalogReadModel(this.rowsOf(snapshot.reads, history.byProgram));
    this.history = history;
    return model;
  }

  /** Every read of a model, from one consistent snapshot of the database. */
  private async readSnapshot(carried: CarriedHistory): Promise<Snapshot> {
    const names = Object.keys(READS) as Array<keyof typeof READS>;
    /** The rows after the carried ones, or all of them when the carried history is not whole (see CarriedHistory). */
    const historyReads = async (query: (sql: string, parameters: unknown[]) => Promise<RawRow[]> | RawRow[], sql: string) => {
      const [lastRow] = await query(STATUS_CHANGE_LAST, []);
      const last = Number(lastRow?.last ?? 0);
      // Rows deleted at the end of the history: the carried one is not whole, read it all.
      const after = last < carried.lastId ? 0 : carried.lastId;
      return { last, changes: await query(sql, [after, last]), after };
    };
    const reader = sqliteReader(this.dataSource);
    if (reader) {
      // better-sqlite3 is synchronous: the whole snapshot is read in one go, in one read transaction.
      const statement = this.preparedOn(reader);
      statement('BEGIN').run();
      try {
        const reads = Object.fromEntries(names.map((name) => [name, statement(READS[name]).all()])) as RawReads;
        let statements = names.length + 2;
        const history = await historyReads((sql, parameters) => {
          statements++;
          return statement(sql).all(...parameters) as RawRow[];
        }, STATUS_CHANGES_AFTER.sqlite);
        countStatements(statements);
        return { reads, ...history };
      } finally {
        statement('COMMIT').run();
      }
    }
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const reads: Partial<RawReads> = {};
        // One after another: a connection runs one statement at a time.
        for (const name of names) reads[name] = await runner.query(READS[name]);
        const history = await historyReads((sql, parameters) => runner.query(sql, parameters), STATUS_CHANGES_AFTER.postgres);
        return { reads: reads as RawReads, ...history };
      } finally {
        await runner.query('COMMIT');
      }
    } finally {
      await runner.release();
    }
  }

  /** The statement of `sql` on `reader`, prepared the first time it is asked for on that connection. */
  private preparedOn(reader: SqliteConnection): (sql: string) => SqliteStatement {
    if (this.prepared?.reader !== reader) this.prepared = { reader, statements: new Map() };
    const { statements } = this.prepared;
    return (sql) => {
      let statement = statements.get(sql);
      if (!statement) {
        statement = reader.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    };
  }

  /** The carried history with the snapshot's new status changes added (or the snapshot's whole history); null: out of order. */
  private historyOf({ reads, last, changes, after }: Snapshot): CarriedHistory | null {
    const programIds = new Set(reads.programs.map((row) => Number(row.id)));
    const byProgram = new Map(after === 0 ? [] : [...this.history.byProgram].filter(([programId]) => programIds.has(programId)));
    const added = new Map<number, ProgramStatusChangeEntity[]>();
    for (const change of this.hydrate(ProgramStatusChangeEntity, changes)) {
      const list = added.get(change.programId);
      if (list) list.push(change);
      else added.set(change.programId, [change]);
    }
    for (const [programId, list] of added) {
      list.sort(historyOrder);
      const carried = byProgram.get(programId) ?? ProgramStatusHistory.empty(programId);
      if (!carried.endsBefore(list[0] as ProgramStatusChangeEntity)) return null;
      byProgram.set(programId, carried.with(list));
    }
    return { lastId: last, byProgram };
  }

  private rowsOf(reads: RawReads, statusHistory: ReadonlyMap<number, ProgramStatusHistory>): CatalogRows {
    return {
      revision: Number(reads.revision[0]?.revision ?? 0),
      categories: this.hydrate(CategoryEntity, reads.categories),
      programs: this.hydrate(ProgramEntity, reads.programs),
      labs: this.hydrate(LabEntity, reads.labs),
      specs: this.hydrate(SpecEntity, reads.specs),
      programSpecs: pairs(reads.programSpecs, 'program_id', 'spec_id'),
      programLabs: pairs(reads.programLabs, 'program_id', 'lab_id'),
      labPrograms: pairs(reads.labPrograms, 'lab_id', 'program_id'),
      statusHistory,
      announcedChanges: this.hydrate(ScheduledChangeEntity, reads.announcedChanges),
    };
  }

  /** Entities from raw rows, value by value as TypeORM's own hydration makes them (dates, numbers, nulls). */
  private hydrate<T extends ObjectLiteral>(target: EntityTarget<T>, rows: RawRow[]): T[] {
    const metadata = this.dataSource.getMetadata(target);
    const driver = this.dataSource.driver;
    const columns = metadata.columns.filter((column) => !column.isVirtual && !STAFF_ONLY_PROPERTIES.has(column.propertyName));
    return rows.map((row) => {
      const entity = metadata.create() as T;
      for (const column of columns) {
        const value = row[column.databaseName];
        if (value !== undefined) column.setEntityValue(entity, driver.prepareHydratedValue(value, column));
      }
      return entity;
    });
  }
}

/** The history's order: by time, then id. */
function historyOrder(a: ProgramStatusChangeEntity, b: ProgramStatusChangeEntity): number {
  return a.changedAt.getTime() - b.changedAt.getTime() || a.id - b.id;
}

function pairs(rows: RawRow[], first: string, second: string): Array<[number, number]> {
  return rows.map((row) => [Number(row[first]), Number(row[second])]);
}

/** Statements made around TypeORM (whose logger counts its own) count in the request's tally all the same. */
function countStatements(count: number): void {
  const tally = currentStatementTally();
  if (tally) tally.count += count;
}
