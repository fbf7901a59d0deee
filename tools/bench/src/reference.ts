import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { type ChildServer, startChildServer } from './child-server.js';
import { type ProbeResult, probeWholeCatalog, WHOLE_CATALOG_POST } from './graphql-request.js';
import { REFERENCE_SERVER } from './paths.js';
import { PEAK_RSS_TARGET_MB, pairedRatio, type ServerResult, type TargetCheck } from './results.js';

/**
 * The reference row: type-graphql on Apollo Server answering the whole-catalogue query from memory
 * (reference-server.ts), started over CertHub's own answer, and checked to send its bytes.
 */
export async function startReference(scratch: string, answer: ProbeResult, programs: number): Promise<ChildServer> {
  const answerFile = path.join(scratch, `reference-answer-${programs}.json`);
  writeFileSync(answerFile, answer.body);
  const server = await startChildServer({
    name: `Reference (type-graphql + Apollo Server, in memory), ${programs.toLocaleString('en-US')} programs`,
    script: REFERENCE_SERVER,
    env: { REFERENCE_ANSWER_FILE: answerFile },
  });
  const own = await probeWholeCatalog(server.name, server.origin, WHOLE_CATALOG_POST);
  if (!own.body.equals(answer.body) || own.contentType !== answer.contentType) {
    await server.stop();
    throw new Error(`${server.name} does not answer with CertHub's bytes and content type.`);
  }
  return server;
}

/** The executed path is at least as fast as the reference (stretch: 1.5×), paired round by round. */
export const EXECUTED_PATH_TARGET = 1;
export const EXECUTED_PATH_STRETCH = 1.5;

export function checkExecutedPath(executed: ServerResult, reference: ServerResult): TargetCheck {
  const ratio = pairedRatio(reference, executed);
  const stretch = ratio !== null && ratio >= EXECUTED_PATH_STRETCH ? ', stretch met' : '';
  // On a machine too busy for a whole answer within a run, the CPU each request cost still compares.
  const cpu = cpuPerRequest(executed, reference);
  return {
    target: `The executed path (response cache off) at ${executed.programs.toLocaleString('en-US')} programs serves ≥ ${EXECUTED_PATH_TARGET}× the in-memory reference's req/s (stretch ${EXECUTED_PATH_STRETCH}×; median of the rounds' paired ratios)`,
    met: ratio === null ? null : ratio >= EXECUTED_PATH_TARGET,
    actual:
      (ratio === null
        ? 'not measured'
        : `${ratio.toFixed(2)}×${stretch} (rounds: ${executed.rounds.map((round, index) => `${(round.requestsPerSecond / (reference.rounds[index]?.requestsPerSecond ?? Number.NaN)).toFixed(2)}×`).join(', ')})`) +
      cpu,
  };
}

/** `; CPU per request: 5.1 ms against 6.2 ms (0.82×)`, from each row's reported round; empty when unknown. */
function cpuPerRequest(executed: ServerResult, reference: ServerResult): string {
  const own = executed.reported.cpuMsPerRequest;
  const theirs = reference.reported.cpuMsPerRequest;
  if (own === null || theirs === null || theirs === 0) return '';
  return `; CPU per request: ${own.toPrecision(3)} ms against the reference's ${theirs.toPrecision(3)} ms (${(own / theirs).toFixed(2)}×)`;
}

/** The executed path holds whole answers in flight (1.3 MB each at 2,000 programs): its memory counts too. */
export function checkExecutedPathMemory(executed: ServerResult): TargetCheck {
  return {
    target: `Peak RSS of the executed path at ${executed.programs.toLocaleString('en-US')} programs ≤ ${PEAK_RSS_TARGET_MB} MB`,
    met: executed.peakRssMb === null ? null : executed.peakRssMb <= PEAK_RSS_TARGET_MB,
    actual: executed.peakRssMb === null ? 'not measured (no /proc)' : `${executed.peakRssMb.toFixed(0)} MB`,
  };
}
