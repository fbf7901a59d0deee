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
}

export function readBenchSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  return {
    connections: 10,
    warmupSeconds: readNumber(env, 'BENCH_WARMUP', 3, 0),
    durationSeconds: readNumber(env, 'BENCH_DURATION', 8, 1),
    rounds: readNumber(env, 'BENCH_ROUNDS', 3, 1),
    cpuProfile: env.BENCH_CPU_PROF === 'true',
  };
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
