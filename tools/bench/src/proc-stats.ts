import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * What Linux's /proc says about a child process. The benchmark measures the server from outside,
 * as an operator would, so nothing in the server has to cooperate and the ceiling server is
 * measured the same way. Elsewhere (no /proc) every reading is null and the report shows "–".
 */

/** Clock ticks per second, the unit of utime and stime: 100 on every common Linux. */
const CLOCK_TICKS_PER_SECOND = readClockTicks();

function readClockTicks(): number {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}

function readProcFile(pid: number, name: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${name}`, 'utf8');
  } catch {
    return null;
  }
}

/** CPU time (user + system, every thread) the process has used so far, in milliseconds. */
export function cpuTimeMs(pid: number): number | null {
  const stat = readProcFile(pid, 'stat');
  if (stat === null) return null;
  // The command name (field 2) is in parentheses and may contain spaces: split after its end.
  // What follows starts at field 3 (state); utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[14 - 3]);
  const stime = Number(fields[15 - 3]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
  return ((utime + stime) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** The most resident memory the process has had since it started (VmHWM), in MB of 2^20 bytes, as ps and top count. */
export function peakRssMb(pid: number): number | null {
  const status = readProcFile(pid, 'status');
  const kilobytes = status?.match(/^VmHWM:\s+(\d+)\s+kB$/m)?.[1];
  return kilobytes === undefined ? null : Number(kilobytes) / 1024;
}

/** The memory the process holds now (VmRSS), in MB of 2^20 bytes; null without /proc or once it has exited. */
export function rssMb(pid: number): number | null {
  const status = readProcFile(pid, 'status');
  const kilobytes = status?.match(/^VmRSS:\s+(\d+)\s+kB$/m)?.[1];
  return kilobytes === undefined ? null : Number(kilobytes) / 1024;
}

/** CPU time every process on the machine has used since boot (all but idle and I/O wait), in milliseconds. */
export function machineBusyMs(): number | null {
  let stat: string;
  try {
    stat = readFileSync('/proc/stat', 'utf8');
  } catch {
    return null;
  }
  // "cpu  user nice system idle iowait irq softirq steal …", in clock ticks, all CPUs added up.
  const [user, nice, system, _idle, _iowait, irq, softirq, steal] = (stat.split('\n')[0] ?? '').split(/\s+/).slice(1).map(Number);
  const busy = [user, nice, system, irq, softirq, steal].reduce<number>((sum, ticks) => sum + (ticks ?? Number.NaN), 0);
  return Number.isFinite(busy) ? (busy * 1000) / CLOCK_TICKS_PER_SECOND : null;
}
