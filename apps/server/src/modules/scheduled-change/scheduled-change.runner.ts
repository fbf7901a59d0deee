import type { DataSource } from 'typeorm';
import { changeTopic, onChangeSignal } from '../../platform/change-signal.js';
import { logger } from '../../shared/logger.js';
import type { ScheduledChangeService } from './scheduled-change.service.js';

/** The longest the runner sleeps: a change scheduled on another instance without a shared signal is seen within it. */
export const MAX_SLEEP_MS = 60_000;

/**
 * The timer of one instance: sleeps until the next pending change is due (at most MAX_SLEEP_MS, on
 * the service's clock), then applies what is due and sleeps again. Started with the server, it
 * first catches up: changes whose moment passed while no instance ran are applied at once, each
 * recorded with its own moment. Scheduling or cancelling anywhere (the change signal of
 * `ScheduledChange` events, shared between instances with Redis) re-arms it. Every instance runs
 * one; the service's claim makes each change happen once.
 */
export class ScheduledChangeRunner {
  private cancelTimer: (() => void) | null = null;
  private stopListening: (() => void) | null = null;
  private running: Promise<void> | null = null;
  /** A signal came during a pass: look again after it. */
  private again = false;
  private stopped = true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly service: ScheduledChangeService,
    private readonly maxSleepMs = MAX_SLEEP_MS,
  ) {}

  /** Catches up, then keeps the timer armed until `stop`. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopListening = onChangeSignal(this.dataSource, [changeTopic('ScheduledChange')], () => this.wake());
    this.wake();
  }

  /** Disarms the timer and waits for a pass in progress (its transaction commits or rolls back whole). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopListening?.();
    this.stopListening = null;
    this.cancelTimer?.();
    this.cancelTimer = null;
    await this.running;
  }

  /** Resolves once no pass is running (tests: after moving the clock). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async pass(): Promise<void> {
    this.cancelTimer?.();
    this.cancelTimer = null;
    let delay = this.maxSleepMs;
    try {
      const outcome = await this.service.applyDue();
      if (outcome.applied || outcome.skipped) logger.info(outcome, 'Scheduled changes made at their moment.');
      const next = await this.service.nextDueAt();
      if (next) delay = Math.min(this.maxSleepMs, Math.max(0, next.getTime() - this.service.clock.now().getTime()));
    } catch (error) {
      // The database is unreachable or a change failed unexpectedly: it stays pending; try again later.
      logger.error({ err: error }, 'Scheduled changes could not be applied; trying again shortly.');
      delay = Math.min(this.maxSleepMs, 5_000);
    }
    if (!this.stopped) this.cancelTimer = this.service.clock.setTimer(delay, () => this.wake());
  }
}
