import { type DestinationStream, type LevelWithSilent, type Logger, pino } from 'pino';

/** How often buffered log lines are written out however few they are. */
export const LOG_FLUSH_MS = 1_000;

/**
 * Standard output, written 4 KiB at a time, at least every `LOG_FLUSH_MS` and in full when the
 * process exits (pino flushes it then). The request log writes to it too: one stream, one buffer.
 */
export const LOG_DESTINATION: DestinationStream = pino.destination({ dest: 1, sync: false, minLength: 4096 });
const flushing = setInterval(() => flush(LOG_DESTINATION), LOG_FLUSH_MS);
flushing.unref();

/**
 * A logger in the request log's format (one JSON line: numeric `level`, ISO `time`, `msg`; no pid
 * or host name), at `level` and above, to `destination`.
 */
export function createLogger(level: LevelWithSilent, destination: DestinationStream = LOG_DESTINATION): Logger {
  return pino({ level, base: null, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}

/**
 * The server's one logger: every log line of the process (the request log aside, which writes
 * its own lines for speed) goes through it. Its level is LOG_LEVEL from the start, so that even
 * what is logged before `main` reads the configuration (or in the CLI) honours it; an invalid
 * value is left to `readConfig` to refuse, `info` meanwhile.
 */
export const logger: Logger = createLogger(levelFromEnvironment(process.env.LOG_LEVEL));

function levelFromEnvironment(value: string | undefined): LevelWithSilent {
  const level = value ?? '';
  return level === 'silent' || Object.hasOwn(pino.levels.values, level) ? (level as LevelWithSilent) : 'info';
}

/** Writes out what `destination` holds buffered (a no-op for streams that do not buffer). */
export function flush(destination: DestinationStream): Promise<void> {
  const buffered = destination as DestinationStream & { flush?: (callback: (error?: Error) => void) => void };
  return new Promise<void>((resolve) => (buffered.flush ? buffered.flush(() => resolve()) : resolve()));
}
