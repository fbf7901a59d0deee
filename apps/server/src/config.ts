import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from './db/data-source.js';

/** Every setting the server reads from its environment, read and checked in one place. */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  nodeEnv: 'development' | 'production' | 'test';
  /** SQL_STATEMENT_HEADER=true: each GraphQL response says how many SQL statements it took (the benchmark). */
  exposeStatementCount: boolean;
}

export class ConfigError extends Error {}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(`PORT must be a whole number from 0 to 65535 (got "${env.PORT}").`);
  const nodeEnv = env.NODE_ENV ?? 'development';
  if (nodeEnv !== 'development' && nodeEnv !== 'production' && nodeEnv !== 'test') {
    problems.push(`NODE_ENV must be development, production or test (got "${nodeEnv}").`);
  }
  const databaseUrl = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  try {
    parseDatabaseUrl(databaseUrl);
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length) throw new ConfigError(`CertHub cannot start:\n  - ${problems.join('\n  - ')}`);
  return {
    port,
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    nodeEnv: nodeEnv as Config['nodeEnv'],
    exposeStatementCount: env.SQL_STATEMENT_HEADER === 'true',
  };
}
