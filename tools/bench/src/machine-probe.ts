import { Worker } from 'node:worker_threads';
import { median } from './results.js';

/** The machine's speed over an interval: the median time of each probe (lower is faster). */
export interface MachineSpeed {
  arithmeticMs: number | null;
  memoryMs: number | null;
}

const PROBE_WORKER = new URL('./machine-probe-worker.js', import.meta.url);

/**
 * How fast the machine itself ran, interval by interval: on a shared host the same work takes
 * longer in one minute than the next whatever the server does, and the soak's throughput moves with
 * it. A worker thread times fixed work once a second (`machine-probe-worker.ts`, about 2 % of a core).
 */
export class MachineProbe {
  private readonly worker = new Worker(PROBE_WORKER);
  private arithmetic: number[] = [];
  private memory: number[] = [];

  constructor() {
    this.worker.on('message', (sample: { arithmeticMs: number; memoryMs: number }) => {
      this.arithmetic.push(sample.arithmeticMs);
      this.memory.push(sample.memoryMs);
    });
    this.worker.unref();
  }

  /** The medians since the last call, and a fresh start. */
  takeInterval(): MachineSpeed {
    const speed = { arithmeticMs: median(this.arithmetic), memoryMs: median(this.memory) };
    this.arithmetic = [];
    this.memory = [];
    return speed;
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

/** `arithmetic / memory`, in ms, for the report. */
export function formatProbe(speed: MachineSpeed): string {
  const ms = (value: number | null) => (value === null ? '–' : value.toFixed(1));
  return `${ms(speed.arithmeticMs)} / ${ms(speed.memoryMs)}`;
}
