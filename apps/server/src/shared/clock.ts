/**
 * What time it is, and a timer: injected where behaviour depends on the moment (scheduled
 * changes), so that tests move time forward instead of sleeping.
 */
export interface Clock {
  now(): Date;
  /** Calls `callback` once after `ms` of this clock's time; the answer cancels it. */
  setTimer(ms: number, callback: () => void): () => void;
}

/** The machine's clock and Node's timers (which do not keep the process alive). */
export const systemClock: Clock = {
  now: () => new Date(),
  setTimer(ms, callback) {
    const timer = setTimeout(callback, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};
