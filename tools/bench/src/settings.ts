/** How hard and how long the benchmark drives each server; the environment can shorten a smoke run. */
export interface BenchSettings {
  /** Concurrent keep-alive connections per load run. */
  connections: number;
  /** Seconds of load before each measured run, discarded: JIT warm-up, caches, connection setup. */
  warmupSeconds: number;
  /** Seconds of each measured run (BENCH_DURATION). */
  durationSeconds: number;
  /** Times every server is measured, interleaved (BENCH_ROUNDS). */
  rounds: number;
  /** Run the CertHub servers under `node --cpu-prof` (BENCH_CPU_PROF=true): slower, for finding why. */
  cpuProfile: boolean;
  /**
   * A PostgreSQL server (BENCH_DATABASE_URL, e.g. postgres://root@127.0.0.1:5432/test) on which a fresh
   * database holds the seed catalogue for the PostgreSQL + Redis row; without it that row is left out.
   */
  postgresUrl: string | null;
  /** The Redis of that row (BENCH_REDIS_URL, redis://127.0.0.1:6379 when left out). */
  redisUrl: string;
  /**
   * Only the rows whose name holds one of these words (BENCH_ROWS, comma-separated, any case, e.g.
   * `signed-in staff,fresh variables`), with the ceiling each is paired with; null: every row.
   */
  rows: string[] | null;
}

export function readBenchSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  return {
    connections: 10,
    warmupSeconds: readNumber(env, 'BENCH_WARMUP', 3, 0),
    durationSeconds: readNumber(env, 'BENCH_DURATION', 8, 1),
    rounds: readNumber(env, 'BENCH_ROUNDS', 3, 1),
    cpuProfile: env.BENCH_CPU_PROF === 'true',
    postgresUrl: env.BENCH_DATABASE_URL?.trim() || null,
    redisUrl: env.BENCH_REDIS_URL?.trim() || 'redis://127.0.0.1:6379',
    rows: readWords(env.BENCH_ROWS),
  };
}

/**
 * Lighthouse runs per page in `bench:web` (BENCH_WEB_RUNS, 3 unless told): a page's performance
 * score moves several points between runs, so the median run is judged and every run is shown.
 */
export function readWebRuns(env: NodeJS.ProcessEnv = process.env): number {
  return readNumber(env, 'BENCH_WEB_RUNS', 3, 1);
}

function readNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, minimum: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < minimum) {
    throw new Error(`${name} must be a whole number of at least ${minimum} (got "${raw}").`);
  }
  return value;
}

function readWords(raw: string | undefined): string[] | null {
  const words = (raw ?? '')
    .split(',')
    .map((word) => word.trim().toLowerCase())
    .filter(Boolean);
  return words.length ? words : null;
}
