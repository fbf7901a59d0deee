/** How long and how hard the soak drives the server; the environment can shorten a smoke run. */
export interface SoakSettings {
  /** Minutes of load (SOAK_MINUTES, fractions allowed: 0.5 is a smoke run). */
  minutes: number;
  /** Requests in flight at once, each sent as soon as the one before it is answered (SOAK_CONCURRENCY). */
  concurrency: number;
  /** Subscribers kept connected for the whole run, when the server has subscriptions (SOAK_SUBSCRIBERS). */
  subscribers: number;
  /** A PostgreSQL server to soak on (SOAK_DATABASE_URL): a fresh database is made on it and dropped after. */
  postgresUrl: string | null;
  /**
   * After the load, pairs of windows that alternate between the soaked server and a fresh one
   * (`soak-growth.ts`, SOAK_GROWTH_ROUNDS; 0 skips the comparison), each window this long
   * (SOAK_GROWTH_WINDOW_SECONDS).
   */
  growthRounds: number;
  growthWindowSeconds: number;
}

export function readSoakSettings(env: NodeJS.ProcessEnv = process.env): SoakSettings {
  const postgresUrl = env.SOAK_DATABASE_URL?.trim() || null;
  if (postgresUrl && !/^postgres(ql)?:\/\//.test(postgresUrl)) {
    throw new Error(`SOAK_DATABASE_URL must be a postgres:// URL (got "${postgresUrl}"); without it the soak uses SQLite.`);
  }
  return {
    minutes: readNumber(env, 'SOAK_MINUTES', 10, { minimum: 0.05, integer: false }),
    concurrency: readNumber(env, 'SOAK_CONCURRENCY', 8, { minimum: 1, integer: true }),
    subscribers: readNumber(env, 'SOAK_SUBSCRIBERS', 10, { minimum: 0, integer: true }),
    postgresUrl,
    growthRounds: readNumber(env, 'SOAK_GROWTH_ROUNDS', 16, { minimum: 0, integer: true }),
    growthWindowSeconds: readNumber(env, 'SOAK_GROWTH_WINDOW_SECONDS', 6, { minimum: 1, integer: false }),
  };
}

function readNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, rule: { minimum: number; integer: boolean }): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < rule.minimum || (rule.integer && !Number.isInteger(value))) {
    throw new Error(`${name} must be a ${rule.integer ? 'whole ' : ''}number of at least ${rule.minimum} (got "${raw}").`);
  }
  return value;
}
