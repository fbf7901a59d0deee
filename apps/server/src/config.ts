import { isEmail } from '@certhub/domain/staff';
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from './db/data-source.js';

/** Every setting the server reads from its environment, read and checked in one place. */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  nodeEnv: 'development' | 'production' | 'test';
  /** Express `trust proxy`: set when a reverse proxy sets X-Forwarded-For, so throttling sees real addresses. */
  trustProxy: boolean;
  session: { idleTimeoutMs: number; absoluteTimeoutMs: number };
  /** The first admin, created on first start when both are set. */
  admin: { email: string; password: string } | null;
  /** Production only: allow printing a one-time admin password on first start. */
  allowOneTimeAdminPassword: boolean;
  /** Anonymous query answers kept in memory (RESPONSE_CACHE_ENTRIES); 0 turns the cache off. */
  responseCacheEntries: number;
  /** SQL_STATEMENT_HEADER=true: each GraphQL response says how many SQL statements it took (the benchmark). */
  exposeStatementCount: boolean;
  /** Vendor applications: submissions per client address per hour (APPLICATIONS_PER_HOUR, 0 = no limit), and where staff are told of them. */
  applications: { perHour: number; staffNotificationEmail: string | null };
  /** Notifications go through SMTP_URL (smtp:// or smtps://) when set, else to the log; MAIL_FROM is the sender. */
  mail: { smtpUrl: string | null; mailFrom: string };
}

export class ConfigError extends Error {}

const NODE_ENVS = ['development', 'production', 'test'] as const;

/** Reads the environment; a wrong value stops the start with every problem named at once. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);
  const nodeEnv = read.oneOf('NODE_ENV', NODE_ENVS, 'development');
  const databaseUrl = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  try {
    parseDatabaseUrl(databaseUrl);
  } catch (error) {
    problems.push((error as Error).message);
  }
  const adminEmail = env.ADMIN_EMAIL?.trim();
  const adminPassword = env.ADMIN_PASSWORD;
  if (Boolean(adminEmail) !== Boolean(adminPassword))
    problems.push('ADMIN_EMAIL and ADMIN_PASSWORD go together: set both or neither.');
  if (adminEmail && !isEmail(adminEmail)) problems.push(`ADMIN_EMAIL must be an email address (got "${adminEmail}").`);
  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl && !/^smtps?:\/\/[^/]/.test(smtpUrl))
    problems.push('SMTP_URL must be an smtp:// or smtps:// URL, such as smtps://user:password@mail.example.com:465.');
  const mailFrom = env.MAIL_FROM?.trim() || 'CertHub <certhub@localhost>';
  const staffNotificationEmail = env.STAFF_NOTIFICATION_EMAIL?.trim() || null;
  if (staffNotificationEmail && !isEmail(staffNotificationEmail))
    problems.push(`STAFF_NOTIFICATION_EMAIL must be an email address (got "${staffNotificationEmail}").`);
  const config: Config = {
    port: read.integer('PORT', 4000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    nodeEnv,
    trustProxy: read.boolean('TRUST_PROXY', false),
    session: {
      idleTimeoutMs: read.integer('SESSION_IDLE_MINUTES', 60, 1, 7 * 24 * 60) * 60_000,
      absoluteTimeoutMs: read.integer('SESSION_MAX_HOURS', 12, 1, 24 * 90) * 3_600_000,
    },
    admin: adminEmail && adminPassword ? { email: adminEmail, password: adminPassword } : null,
    allowOneTimeAdminPassword: read.boolean('ALLOW_ONE_TIME_ADMIN_PASSWORD', nodeEnv !== 'production'),
    responseCacheEntries: read.integer('RESPONSE_CACHE_ENTRIES', 1000, 0, 1_000_000),
    exposeStatementCount: read.boolean('SQL_STATEMENT_HEADER', false),
    applications: { perHour: read.integer('APPLICATIONS_PER_HOUR', 10, 0, 100_000), staffNotificationEmail },
    mail: { smtpUrl, mailFrom },
  };
  if (problems.length) throw new ConfigError(`CertHub cannot start:\n  - ${problems.join('\n  - ')}`);
  return config;
}

class EnvReader {
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly problems: string[],
  ) {}

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (Number.isInteger(value) && value >= min && value <= max) return value;
    this.problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
    return fallback;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    this.problems.push(`${name} must be true or false (got "${raw}").`);
    return fallback;
  }

  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if ((values as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name} must be one of ${values.join(', ')} (got "${raw}").`);
    return fallback;
  }
}
