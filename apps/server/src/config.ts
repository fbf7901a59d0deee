import path from 'node:path';
import { isEmail } from '@certhub/domain/staff';
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from './db/data-source.js';
import type { DirectorySigningSetting } from './modules/export/directory-signing-key.js';
import {
  type ApiLimits,
  DEFAULT_API_LIMITS,
  DEFAULT_EXECUTION_CONCURRENCY,
  DEFAULT_RATE_LIMIT,
  type RateLimitPolicy,
} from './platform/api/api-policy.js';
import { parseTrustProxy, type TrustProxy } from './platform/api/client-address.js';
import { DEFAULT_PERSISTED_QUERY_LIMITS, type PersistedQueryLimits } from './platform/api/persisted-queries.js';
import { DEFAULT_HTTP_CACHE_POLICY, type HttpCachePolicy } from './platform/api/response-cache.js';
import { DEFAULT_REDIS_TIMEOUTS, type RedisSettings } from './platform/counters.js';
import { DEFAULT_EMAILS_PER_RECIPIENT_PER_DAY } from './platform/notification/recipient-cap.js';

/** Every setting the server reads from its environment, read and checked in one place. */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  nodeEnv: 'development' | 'production' | 'test';
  /** Which proxies may name the client in X-Forwarded-For (TRUST_PROXY): none, a hop count, or their addresses. */
  trustProxy: TrustProxy;
  session: { idleTimeoutMs: number; absoluteTimeoutMs: number };
  /** The first admin, created on first start when both are set. */
  admin: { email: string; password: string } | null;
  /** Production only: allow printing a one-time admin password on first start. */
  allowOneTimeAdminPassword: boolean;
  /** Anonymous query answers kept in memory (RESPONSE_CACHE_ENTRIES); 0 turns the cache off. */
  responseCacheEntries: number;
  /** Bytes those answers may take (RESPONSE_CACHE_MAX_MB, in MiB); an answer over an eighth of it is not kept. */
  responseCacheMaxBytes: number;
  /** GraphQL queries executed at once; the others wait their turn (EXECUTION_CONCURRENCY). */
  executionConcurrency: number;
  /** `Cache-Control: public, max-age=…, stale-while-revalidate=…` of public GET answers (CACHE_MAX_AGE_SECONDS, CACHE_STALE_WHILE_REVALIDATE_SECONDS). */
  httpCache: HttpCachePolicy;
  /** SQL_STATEMENT_HEADER=true: each GraphQL response says how many SQL statements it took (the benchmark). */
  exposeStatementCount: boolean;
  /** Vendor applications: submissions per client address per hour (APPLICATIONS_PER_HOUR, 0 = no limit), and where staff are told of them. */
  applications: { perHour: number; staffNotificationEmail: string | null };
  /** Emails the public can cause (watch confirmations, application receipts) per recipient address per day (EMAILS_PER_RECIPIENT_PER_DAY). */
  emailsPerRecipientPerDay: number;
  /** Notifications go through SMTP_URL (smtp:// or smtps://) when set, else to the log; MAIL_FROM is the sender. */
  mail: { smtpUrl: string | null; mailFrom: string; publicUrl: string };
  /** Seconds SIGTERM waits for requests in flight before closing connections (SHUTDOWN_TIMEOUT_SECONDS). */
  shutdownTimeoutMs: number;
  /** Prometheus metrics: METRICS_TOKEN requires `Authorization: Bearer <token>`; METRICS_PORT also serves /metrics on a port of its own (METRICS_HOST, HOST by default). With neither: open outside production, 404 in production. */
  metrics: { token: string | null; port: number | null; host: string };
  /** Webhooks may reach loopback and private networks (WEBHOOK_ALLOW_PRIVATE_ADDRESSES; off in production). */
  webhooks: { allowPrivateAddresses: boolean; timeoutMs: number };
  /** Limits every GraphQL operation must fit (MAX_DEPTH, MAX_ALIASES, MAX_DIRECTIVES, MAX_TOKENS, MAX_COST, MAX_BODY_BYTES, MAX_VARIABLES_DEPTH, COST_LIST_ESTIMATE). */
  apiLimits: ApiLimits;
  /** Budgets per client and window (RATE_LIMIT=off: none; RATE_LIMIT_WINDOW_SECONDS, RATE_LIMIT_ANONYMOUS, RATE_LIMIT_API_KEY). */
  rateLimit: RateLimitPolicy | null;
  /** Automatic persisted queries kept at most (PERSISTED_QUERIES_MAX), and the largest query text kept (PERSISTED_QUERY_MAX_BYTES). */
  persistedQueries: PersistedQueryLimits;
  /** Rate-limit and sign-in counters go to Redis when set (REDIS_URL), so instances share them; else memory. */
  redis: RedisSettings | null;
  /** Origins whose browser pages may call the API with the staff cookie (CORS_ORIGINS); any origin may read without it. */
  corsOrigins: string[];
  /** One JSON line per request at `info`; LOG_LEVEL=silent turns request logs off. */
  logLevel: LogLevel;
  /** PostgreSQL: the catalogue revision pushed by LISTEN/NOTIFY to one connection of each instance, under a lease writers wait for (CATALOG_REVISION_LISTEN, on by default; off behind a pooler in transaction mode). */
  catalogRevisionListen: boolean;
  /** Subscription caps: operations per connection (WS_MAX_SUBSCRIPTIONS_PER_CONNECTION), connections per client address (WS_MAX_CONNECTIONS_PER_CLIENT). */
  sockets: { maxSubscriptionsPerConnection: number; maxConnectionsPerClient: number };
  /** The signed directory's key: DIRECTORY_SIGNING_KEY (required in production), else kept in DIRECTORY_SIGNING_KEY_FILE. */
  directorySigning: DirectorySigningSetting;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {}

/** Where the generated development key is kept when DIRECTORY_SIGNING_KEY is unset: beside the default SQLite file. */
const DEFAULT_SIGNING_KEY_FILE = './data/directory-signing-key.pem';

function readDirectorySigning(env: NodeJS.ProcessEnv, nodeEnv: Config['nodeEnv'], problems: string[]): DirectorySigningSetting {
  const pem = env.DIRECTORY_SIGNING_KEY?.trim() || null;
  if (pem && !pem.startsWith('-----BEGIN PRIVATE KEY-----'))
    problems.push('DIRECTORY_SIGNING_KEY must be a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----), P-256.');
  if (!pem && nodeEnv === 'production')
    problems.push(
      'DIRECTORY_SIGNING_KEY is required in production: the signed directory must be signed with one key on every instance, kept outside the container (see docs/configuration.md).',
    );
  return {
    secretKey: pem,
    keyFile: pem ? null : path.resolve(env.DIRECTORY_SIGNING_KEY_FILE?.trim() || DEFAULT_SIGNING_KEY_FILE),
  };
}

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
    trustProxy: read.trustProxy('TRUST_PROXY'),
    session: {
      idleTimeoutMs: read.integer('SESSION_IDLE_MINUTES', 60, 1, 7 * 24 * 60) * 60_000,
      absoluteTimeoutMs: read.integer('SESSION_MAX_HOURS', 12, 1, 24 * 90) * 3_600_000,
    },
    admin: adminEmail && adminPassword ? { email: adminEmail, password: adminPassword } : null,
    allowOneTimeAdminPassword: read.boolean('ALLOW_ONE_TIME_ADMIN_PASSWORD', nodeEnv !== 'production'),
    responseCacheEntries: read.integer('RESPONSE_CACHE_ENTRIES', 1000, 0, 1_000_000),
    responseCacheMaxBytes: read.integer('RESPONSE_CACHE_MAX_MB', 64, 1, 65_536) * 1024 * 1024,
    executionConcurrency: read.integer('EXECUTION_CONCURRENCY', DEFAULT_EXECUTION_CONCURRENCY, 1, 1000),
    httpCache: {
      maxAgeSeconds: read.integer('CACHE_MAX_AGE_SECONDS', DEFAULT_HTTP_CACHE_POLICY.maxAgeSeconds, 0, 86_400),
      staleWhileRevalidateSeconds: read.integer(
        'CACHE_STALE_WHILE_REVALIDATE_SECONDS',
        DEFAULT_HTTP_CACHE_POLICY.staleWhileRevalidateSeconds,
        0,
        86_400,
      ),
    },
    exposeStatementCount: read.boolean('SQL_STATEMENT_HEADER', false),
    applications: { perHour: read.integer('APPLICATIONS_PER_HOUR', 10, 0, 100_000), staffNotificationEmail },
    emailsPerRecipientPerDay: read.integer('EMAILS_PER_RECIPIENT_PER_DAY', DEFAULT_EMAILS_PER_RECIPIENT_PER_DAY, 1, 10_000),
    mail: { smtpUrl, mailFrom, publicUrl: readPublicUrl(env, problems) },
    shutdownTimeoutMs: read.integer('SHUTDOWN_TIMEOUT_SECONDS', 10, 1, 600) * 1000,
    metrics: {
      token: env.METRICS_TOKEN?.trim() || null,
      port: env.METRICS_PORT ? read.integer('METRICS_PORT', 0, 1, 65535) : null,
      host: env.METRICS_HOST?.trim() || env.HOST || '0.0.0.0',
    },
    webhooks: {
      allowPrivateAddresses: read.boolean('WEBHOOK_ALLOW_PRIVATE_ADDRESSES', nodeEnv !== 'production'),
      timeoutMs: read.integer('WEBHOOK_TIMEOUT_SECONDS', 5, 1, 60) * 1000,
    },
    apiLimits: {
      maxDepth: read.integer('MAX_DEPTH', DEFAULT_API_LIMITS.maxDepth, 1, 1000),
      maxAliases: read.integer('MAX_ALIASES', DEFAULT_API_LIMITS.maxAliases, 0, 100_000),
      maxDirectives: read.integer('MAX_DIRECTIVES', DEFAULT_API_LIMITS.maxDirectives, 0, 100_000),
      maxTokens: read.integer('MAX_TOKENS', DEFAULT_API_LIMITS.maxTokens, 10, 1_000_000),
      maxCost: read.integer('MAX_COST', DEFAULT_API_LIMITS.maxCost, 1, 100_000_000),
      maxBodyBytes: read.integer('MAX_BODY_BYTES', DEFAULT_API_LIMITS.maxBodyBytes, 1024, 100 * 1024 * 1024),
      maxVariablesDepth: read.integer('MAX_VARIABLES_DEPTH', DEFAULT_API_LIMITS.maxVariablesDepth, 1, 1000),
      listEstimate: read.integer('COST_LIST_ESTIMATE', DEFAULT_API_LIMITS.listEstimate, 1, 10_000),
    },
    rateLimit:
      read.oneOf('RATE_LIMIT', ['on', 'off'] as const, 'on') === 'off'
        ? null
        : {
            windowSeconds: read.integer('RATE_LIMIT_WINDOW_SECONDS', DEFAULT_RATE_LIMIT.windowSeconds, 1, 86_400),
            anonymous: read.integer('RATE_LIMIT_ANONYMOUS', DEFAULT_RATE_LIMIT.anonymous, 1, 1_000_000_000),
            apiKey: read.integer('RATE_LIMIT_API_KEY', DEFAULT_RATE_LIMIT.apiKey, 1, 1_000_000_000),
          },
    persistedQueries: {
      maxEntries: read.integer('PERSISTED_QUERIES_MAX', DEFAULT_PERSISTED_QUERY_LIMITS.maxEntries, 0, 1_000_000),
      maxQueryBytes: read.integer(
        'PERSISTED_QUERY_MAX_BYTES',
        DEFAULT_PERSISTED_QUERY_LIMITS.maxQueryBytes,
        0,
        100 * 1024 * 1024,
      ),
    },
    redis: null,
    corsOrigins: [],
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    catalogRevisionListen: read.boolean('CATALOG_REVISION_LISTEN', true),
    sockets: {
      maxSubscriptionsPerConnection: read.integer('WS_MAX_SUBSCRIPTIONS_PER_CONNECTION', 20, 1, 10_000),
      maxConnectionsPerClient: read.integer('WS_MAX_CONNECTIONS_PER_CLIENT', 50, 1, 1_000_000),
    },
    directorySigning: readDirectorySigning(env, nodeEnv, problems),
  };
  const redisUrl = env.REDIS_URL?.trim() || null;
  if (redisUrl && !/^rediss?:\/\/./.test(redisUrl))
    problems.push(`REDIS_URL must be a redis:// or rediss:// URL (got "${redisUrl}").`);
  config.redis = redisUrl
    ? {
        url: redisUrl,
        keyPrefix: env.REDIS_KEY_PREFIX?.trim() || 'certhub:',
        commandTimeoutMs: read.integer('REDIS_COMMAND_TIMEOUT_MS', DEFAULT_REDIS_TIMEOUTS.commandTimeoutMs, 10, 60_000),
        connectTimeoutMs: read.integer('REDIS_CONNECT_TIMEOUT_MS', DEFAULT_REDIS_TIMEOUTS.connectTimeoutMs, 100, 60_000),
      }
    : null;
  config.corsOrigins = readOrigins(env.CORS_ORIGINS, problems);
  if (config.metrics.token !== null && config.metrics.token.length < 16)
    problems.push('METRICS_TOKEN must be at least 16 characters long.');
  if (config.metrics.port !== null && config.metrics.port === config.port) problems.push('METRICS_PORT must differ from PORT.');
  if (problems.length) throw new ConfigError(`CertHub cannot start:\n  - ${problems.join('\n  - ')}`);
  return config;
}

/** CORS_ORIGINS: comma-separated origins such as https://certhub.example.com (scheme, host and port only). */
function readOrigins(raw: string | undefined, problems: string[]): string[] {
  const origins: string[] = [];
  for (const entry of (raw ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    try {
      const url = new URL(entry);
      if (!/^https?:$/.test(url.protocol) || url.origin !== entry.replace(/\/$/, '')) throw new Error();
      origins.push(url.origin);
    } catch {
      problems.push(`CORS_ORIGINS must list origins such as https://certhub.example.com, comma-separated (got "${entry}").`);
    }
  }
  return origins;
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

  trustProxy(name: string): TrustProxy {
    const { value, problem } = parseTrustProxy(this.env[name]);
    if (problem) this.problems.push(problem);
    return value;
  }

  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if ((values as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name} must be one of ${values.join(', ')} (got "${raw}").`);
    return fallback;
  }
}

/** The site's public address, for links in messages: absolute http(s), no trailing slash. */
function readPublicUrl(env: NodeJS.ProcessEnv, problems: string[]): string {
  const value = env.PUBLIC_URL?.trim() || `http://localhost:${env.PORT || 4000}`;
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value.replace(/\/+$/, '');
  } catch {
    // Reported below.
  }
  problems.push(`PUBLIC_URL must be the site's absolute http(s) address, such as https://certhub.example.com (got "${value}").`);
  return value;
}
