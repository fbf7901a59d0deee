import { parentPort } from 'node:worker_threads';

/**
 * Times two fixed pieces of work once a second and posts each timing: an arithmetic loop (the
 * core's speed) and dependent reads scattered over 32 MiB (the memory system's speed, which
 * neighbours on a shared host move). Runs in a worker of the soak so that it never delays the load.
 */
const WORDS = (32 * 1024 * 1024) / 8;
const memory = new Float64Array(WORDS);
for (let index = 0; index < WORDS; index++) memory[index] = index;

function arithmetic(): number {
  let value = 0;
  for (let step = 0; step < 3_000_000; step++) value = (value * 1_103_515_245 + 12_345) | 0;
  return value;
}

function scatteredReads(): number {
  let sum = 0;
  let index = 1;
  for (let step = 0; step < 200_000; step++) {
    index = (index * 1_103_515_245 + 12_345) & (WORDS - 1);
    sum += memory[index] as number;
  }
  return sum;
}

function timed(work: () => number): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

setInterval(() => {
  parentPort?.postMessage({ arithmeticMs: timed(arithmetic), memoryMs: timed(scatteredReads) });
}, 1000);
