import type { Clock } from '../shared/clock.js';

/** A clock that moves only when told: `advance` fires the timers that fall due, in order. */
export class ManualClock implements Clock {
  private time: number;
  private timers: Array<{ at: number; callback: () => void }> = [];

  constructor(start: Date) {
    this.time = start.getTime();
  }

  now(): Date {
    return new Date(this.time);
  }

  setTimer(ms: number, callback: () => void): () => void {
    const timer = { at: this.time + Math.max(0, ms), callback };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((other) => other !== timer);
    };
  }

  /** How many timers are armed: what a test checks after a stop. */
  get armedTimers(): number {
    return this.timers.length;
  }

  advance(ms: number): void {
    this.set(new Date(this.time + ms));
  }

  set(moment: Date): void {
    this.time = moment.getTime();
    const due = this.timers.filter((timer) => timer.at <= this.time).sort((a, b) => a.at - b.at);
    this.timers = this.timers.filter((timer) => timer.at > this.time);
    for (const timer of due) timer.callback();
  }
}
