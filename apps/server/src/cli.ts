import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { describeChange } from '@certhub/domain/importer/catalog-diff';
import { EFFECTIVE_DATE_FORMS, parseEffectiveDate } from '@certhub/domain/importer/effective-date';
import { DEFAULT_PAGE_BASE_URL, isPageAddress } from '@certhub/domain/importer/links';
import { PageParseError } from '@certhub/domain/importer/page-parse-error';
import { parseHowToJoinPage } from '@certhub/domain/importer/parse-how-to-join';
import { isProductPage, ProductPageParseError, parseProductPage } from '@certhub/domain/importer/parse-product-page';
import { isStaffRole } from '@certhub/domain/staff';
import { GraphQLError } from 'graphql';
import { ConfigError, readConfig } from './config.js';
import { openDatabase, pendingMigrations } from './db/data-source.js';
import { CatalogImportService } from './modules/catalog-import/catalog-import.service.js';
import { ProductImportService } from './modules/directory/product-import.service.js';
import { SYSTEM_ACTOR } from './modules/user/bootstrap.js';
import { UserService } from './modules/user/user.service.js';
import { BackupError, backupDatabase, restoreDatabase } from './platform/backup/backup.js';
import { shareChangeSignal } from './platform/change-signal.js';
import { SessionService } from './platform/session/session.service.js';

const USAGE = `Usage: pnpm certhub <command>

Commands:
  import [--dry-run] [--json] [--base-url URL] [--effective DATE] [--program SLUG] <page.md>
      Import a docs page into the database (DATABASE_URL) and print what changed: a version of the
      "How to Join" page, or a program's page of certified products (recognised by its tables) into
      the program it belongs to; --program SLUG names the program when CertHub does not know the
      page. Products no longer on the page are withdrawn, never deleted. --dry-run writes nothing;
      with --json it prints the parsed catalogue or product tables as JSON, links as written on the
      page. --base-url is the How to Join page's public address, against which relative links are
      resolved (default ${DEFAULT_PAGE_BASE_URL}). --effective (How to Join only) is when the
      page's changes took effect (2018-06-13, or a timestamp with its zone); without it the page's
      own ms.date, else now. Import How to Join versions in date order: an earlier date is refused.
  migrate [--check]
      Apply pending database migrations. With --check, apply nothing: list the pending ones and
      exit 1 if there are any (for deployment scripts).
  config check
      Read and check the configuration as the server would, and print it with secrets masked;
      exit 1 when a setting is wrong.
  backup <file>
      A consistent backup of the database, also while the server runs: SQLite's online backup
      (a SQLite file), or a logical export of PostgreSQL (JSON).
  restore <file>
      Restore a backup into the empty database DATABASE_URL names, then apply newer migrations.
  user create --email EMAIL --name NAME --role EDITOR|ADMIN [--password-stdin]
      Create a staff account. Without --password-stdin a one-time password is printed once, to be
      changed at first sign-in.
  user reset-password --email EMAIL
      Replace a password with a one-time one (printed once) and end the user's sessions.
  user disable --email EMAIL | user enable --email EMAIL
      Stop or restore a user's access; disabling ends their sessions at once.
`;

/** Paths on the command line are relative to where the user ran `pnpm certhub`, not the repo root. */
function userPath(file: string): string {
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
}

async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
      'base-url': { type: 'string' },
      effective: { type: 'string' },
      program: { type: 'string' },
    },
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length) {
    process.stderr.write(USAGE);
    return 2;
  }
  const source = await readFile(userPath(file), 'utf8');
  if (isProductPage(source)) {
    if (values.effective !== undefined) {
      process.stderr.write('--effective is for the "How to Join" page; a product page takes effect when imported.\n');
      return 2;
    }
    return importProductPageCommand(source, path.basename(file), {
      dryRun: values['dry-run'] ?? false,
      json: values.json ?? false,
      programSlug: values.program ?? null,
    });
  }
  if (values.program) {
    process.stderr.write('--program is for pages of certified products; this page has no product table.\n');
    return 2;
  }
  if (values['dry-run'] && values.json) {
    const { programs } = parseHowToJoinPage(source);
    process.stdout.write(`${JSON.stringify({ programs }, null, 2)}\n`);
    return 0;
  }
  const baseUrl = values['base-url'] ?? DEFAULT_PAGE_BASE_URL;
  if (!isPageAddress(baseUrl)) {
    process.stderr.write(`--base-url must be an absolute http:// or https:// address (got "${baseUrl}").\n`);
    return 2;
  }
  const effectiveAt = values.effective === undefined ? undefined : parseEffectiveDate(values.effective);
  if (effectiveAt === null) {
    process.stderr.write(`--effective must be ${EFFECTIVE_DATE_FORMS} (got "${values.effective}").\n`);
    return 2;
  }
  const config = readConfig();
  const dataSource = await openDatabase(config.databaseUrl);
  // With REDIS_URL, the running instances hear of the import at once rather than at their next poll.
  const changeSignal = shareChangeSignal(dataSource, config.redis);
  await changeSignal.ready();
  try {
    const result = await new CatalogImportService(dataSource).importPage(source, {
      baseUrl,
      dryRun: values['dry-run'],
      effectiveAt,
    });
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ changes: result.changes }, null, 2)}\n`);
    } else if (result.changes.length === 0) {
      console.log('Nothing changed: the database already matches this page.');
    } else {
      console.log(`${values['dry-run'] ? 'Would change' : 'Changed'} (${result.changes.length}):`);
      for (const change of result.changes) console.log(`  - ${describeChange(change)}`);
      console.log(`Effective ${result.effectiveAt.toISOString()}.`);
    }
    return 0;
  } finally {
    await changeSignal.close();
    await dataSource.destroy();
  }
}

async function importProductPageCommand(
  source: string,
  pageName: string,
  options: { dryRun: boolean; json: boolean; programSlug: string | null },
): Promise<number> {
  const content = parseProductPage(source, { page: pageName });
  if (options.dryRun && options.json) {
    process.stdout.write(
      `${JSON.stringify({ title: content.title, heading: content.heading, tables: content.tables }, null, 2)}\n`,
    );
    return 0;
  }
  const config = readConfig();
  const dataSource = await openDatabase(config.databaseUrl);
  const changeSignal = shareChangeSignal(dataSource, config.redis);
  await changeSignal.ready();
  try {
    const { diff, programSlug, pagePath } = await new ProductImportService(dataSource).importContent(content, {
      programSlug: options.programSlug,
      dryRun: options.dryRun,
      actor: 'import',
    });
    const names = (items: ReadonlyArray<{ name: string; vendor?: { name: string }; vendorName?: string }>) =>
      items.map((item) => `${item.vendor?.name ?? item.vendorName} ${item.name}`);
    const summary = {
      program: programSlug,
      page: pagePath,
      added: names(diff.added),
      changed: diff.changed.map(({ next, changes }) => `${next.vendor.name} ${next.name}: ${changes.join('; ')}`),
      withdrawn: names(diff.withdrawn),
      relisted: names(diff.relisted.map(({ next }) => next)),
      unchanged: diff.unchanged,
    };
    if (options.json) {
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      return 0;
    }
    const verb = options.dryRun ? 'Would' : 'Did';
    console.log(`${pagePath} → program ${programSlug}: ${diff.unchanged} unchanged.`);
    for (const [label, lines] of [
      ['list', summary.added],
      ['change', summary.changed],
      ['withdraw', summary.withdrawn],
      ['list again', summary.relisted],
    ] as const) {
      if (lines.length) console.log(`${verb} ${label} (${lines.length}):\n${lines.map((line) => `  - ${line}`).join('\n')}`);
    }
    return 0;
  } finally {
    await changeSignal.close();
    await dataSource.destroy();
  }
}

async function migrateCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { check: { type: 'boolean' } } });
  const { databaseUrl } = readConfig();
  const pending = await pendingMigrations(databaseUrl);
  if (values.check) {
    if (!pending.length) console.log('No migration is pending.');
    else console.log(`Pending migrations (${pending.length}):\n${pending.map((name) => `  - ${name}`).join('\n')}`);
    return pending.length ? 1 : 0;
  }
  await (await openDatabase(databaseUrl)).destroy();
  console.log(pending.length ? `Applied ${pending.length} migration(s): ${pending.join(', ')}.` : 'The database is up to date.');
  return 0;
}

function configCommand(args: string[]): number {
  if (args[0] !== 'check' || args.length > 1) {
    process.stderr.write(USAGE);
    return 2;
  }
  console.log(JSON.stringify(maskSecrets(readConfig()), null, 2));
  return 0;
}

/** Passwords in URLs, passwords and tokens become "***": the output may be pasted into a ticket. */
export function maskSecrets(value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    if (/password|secret|token/i.test(key)) return value ? '***' : value;
    return value.replace(/(\/\/[^:/@\s]+:)[^@/\s]+@/, '$1***@');
  }
  if (Array.isArray(value)) return value.map((item) => maskSecrets(item, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([entry, inner]) => [entry, maskSecrets(inner, entry)]));
  }
  return value;
}

async function backupCommand(args: string[], restore: boolean): Promise<number> {
  const [file, ...extra] = args;
  if (!file || extra.length) {
    process.stderr.write(USAGE);
    return 2;
  }
  const { databaseUrl } = readConfig();
  const summary = restore
    ? await restoreDatabase(databaseUrl, userPath(file))
    : await backupDatabase(databaseUrl, userPath(file));
  console.log(
    `${restore ? 'Restored' : 'Backed up'} ${summary.rows} rows in ${summary.tables} tables (${summary.dialect}, ${summary.bytes} bytes) ${restore ? 'from' : 'to'} ${summary.file}.`,
  );
  return 0;
}

async function userCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      'password-stdin': { type: 'boolean' },
    },
  });
  const [action] = positionals;
  const email = values.email;
  if (!action || !email || positionals.length > 1) {
    process.stderr.write(USAGE);
    return 2;
  }
  const config = readConfig();
  const dataSource = await openDatabase(config.databaseUrl);
  const users = new UserService(dataSource, new SessionService(dataSource, config.session));
  try {
    switch (action) {
      case 'create': {
        if (!values.name || !isStaffRole(values.role)) {
          process.stderr.write('user create needs --name and --role EDITOR or ADMIN.\n');
          return 2;
        }
        const password = values['password-stdin'] ? (await readStdin()).replace(/\r?\n$/, '') : null;
        const { user, oneTimePassword } = await users.create(
          { email, displayName: values.name, role: values.role, password },
          SYSTEM_ACTOR,
        );
        console.log(`Created ${user.role} ${user.email}.`);
        if (oneTimePassword) console.log(`One-time password (shown only now): ${oneTimePassword}`);
        return 0;
      }
      case 'reset-password': {
        const { user, oneTimePassword } = await users.resetPassword((await existingUser(users, email)).id, SYSTEM_ACTOR);
        console.log(
          `Reset the password of ${user.email}; their sessions ended.\nOne-time password (shown only now): ${oneTimePassword}`,
        );
        return 0;
      }
      case 'disable':
      case 'enable': {
        const user = await existingUser(users, email);
        await users.update(user.id, user.version, { disabled: action === 'disable' }, SYSTEM_ACTOR);
        console.log(action === 'disable' ? `Disabled ${user.email}; their sessions ended.` : `Enabled ${user.email}.`);
        return 0;
      }
      default:
        process.stderr.write(`Unknown user command "${action}".\n\n${USAGE}`);
        return 2;
    }
  } finally {
    await dataSource.destroy();
  }
}

async function existingUser(users: UserService, email: string) {
  const user = await users.findByEmail(email);
  if (!user) throw new CliError(`No staff account has the email ${email}.`);
  return user;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A mistake of the operator's, said plainly without a stack trace. */
class CliError extends Error {}

async function run(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'user':
      return userCommand(args);
    case 'import':
      return importCommand(args);
    case 'migrate':
      return migrateCommand(args);
    case 'config':
      return configCommand(args);
    case 'backup':
      return backupCommand(args, false);
    case 'restore':
      return backupCommand(args, true);
    case undefined:
    case '--help':
    case 'help':
      process.stdout.write(USAGE);
      return command ? 0 : 2;
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof PageParseError || error instanceof ProductPageParseError || error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nNothing was written.\n`);
    } else if (error instanceof CliError || error instanceof GraphQLError || error instanceof BackupError) {
      process.stderr.write(`${error.message}\n`);
    } else if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write(`${(error as Error).message}\n`);
    } else {
      console.error(error);
    }
    process.exitCode = 1;
  },
);
