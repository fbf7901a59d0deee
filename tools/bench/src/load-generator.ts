import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';

/**
 * One autocannon run in a process of its own, started by `load.ts` for every run: the benchmark
 * process would otherwise carry the garbage of earlier runs (gigabytes of 2,000-program answers)
 * into later ones, which slowed the load generator, and so every later measurement, by a third.
 * Reads its options as JSON from argv[2]; writes autocannon's result as JSON on standard output.
 */
const options = JSON.parse(process.argv[2] ?? '{}') as autocannon.Options & { freshMarker?: string };
const { freshMarker, body } = options;
if (freshMarker && typeof body === 'string') {
  // Fresh variables: every request's body gets a value of the marker never sent before, by any run.
  const run = randomUUID();
  let sent = 0;
  options.requests = [{ setupRequest: (request) => ({ ...request, body: body.replaceAll(freshMarker, `${run}-${sent++}`) }) }];
}
const result = await autocannon(options);
process.stdout.write(JSON.stringify(result));
