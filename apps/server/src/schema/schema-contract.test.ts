import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CriticalityLevel, DiffRule, diff } from '@graphql-inspector/core';
import {
  buildSchema,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  lexicographicSortSchema,
  printSchema,
} from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCertHubSchema } from './build-schema.js';

const SCHEMA_FILE = fileURLToPath(new URL('../../schema.graphql', import.meta.url));
const REPOSITORY_PATH = 'apps/server/schema.graphql';
const UNDOCUMENTED_FILE = fileURLToPath(new URL('./undocumented.json', import.meta.url));
const ACCEPTED_BREAKING_FILE = fileURLToPath(new URL('./accepted-breaking-changes.json', import.meta.url));

/** A schema's text with its types and fields in alphabetical order, whatever order they were declared in. */
function sortedSchema(text: string): string {
  return printSchema(lexicographicSortSchema(buildSchema(text)));
}

/** Types, fields, arguments and enumeration values without a description, by coordinate. */
function undocumented(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    if (
      !type.description &&
      type !== schema.getQueryType() &&
      type !== schema.getMutationType() &&
      type !== schema.getSubscriptionType()
    )
      missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!field.description) missing.push(`${type.name}.${field.name}`);
        for (const arg of 'args' in field ? field.args : []) {
          if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name}:)`);
        }
      }
    }
    if (isEnumType(type))
      for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
  }
  return missing.sort();
}

function git(...args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: path.dirname(SCHEMA_FILE), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
}

/**
 * The schema as it was last committed before the current one: HEAD's file when the working copy
 * changed it, else the file before the last commit that changed it. Null without git history.
 * (`:(top)`: git runs in apps/server, and a bare pathspec would be read from there and match nothing.)
 */
function previousCommittedSchema(current: string): { text: string; from: string } | null {
  const head = git('show', `HEAD:${REPOSITORY_PATH}`);
  if (head !== null && head !== current) return { text: head, from: 'HEAD' };
  const commits =
    git('log', '-n', '2', '--format=%H', '--', `:(top)${REPOSITORY_PATH}`)?.trim().split('\n').filter(Boolean) ?? [];
  const previous = commits[1];
  if (!previous) return null;
  const text = git('show', `${previous}:${REPOSITORY_PATH}`);
  return text === null ? null : { text, from: previous.slice(0, 12) };
}

/** The branch changes are judged against: SCHEMA_BASE_REF (CI sets a pull request's base), else main. */
const BASE_REFS = process.env.SCHEMA_BASE_REF ? [process.env.SCHEMA_BASE_REF] : ['origin/main', 'main'];

type Comparison = { text: string; from: string } | { missing: string } | null;

/**
 * What the schema is compared with: the base branch's schema where this branch forked from it,
 * when the branch changed it, so every change of a branch or pull request counts, not only its
 * last commit; on the base branch itself (fork point = HEAD), the previous committed schema.
 * Missing when the base is not in this clone (a CI checkout of one commit), null when there is no
 * earlier schema at all.
 */
function comparisonSchema(current: string): Comparison {
  const base = BASE_REFS.find((ref) => git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`) !== null);
  if (!base) return { missing: `${BASE_REFS.join(' or ')} is not in this clone` };
  const forkPoint = git('merge-base', 'HEAD', base)?.trim();
  if (!forkPoint) return { missing: `HEAD and ${base} have no common commit in this clone` };
  const atForkPoint = git('show', `${forkPoint}:${REPOSITORY_PATH}`);
  if (atForkPoint !== null && atForkPoint !== current) return { text: atForkPoint, from: `${base} (${forkPoint.slice(0, 12)})` };
  return previousCommittedSchema(current);
}

describe('the schema as a contract', async () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'certhub-schema-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const emitted = path.join(scratch, 'schema.graphql');
  const schema = await buildCertHubSchema(emitted);
  const committed = readFileSync(SCHEMA_FILE, 'utf8');

  it('is committed as the server builds it (apps/server/schema.graphql is not stale)', () => {
    // Rebuild it with: cd apps/server && npx tsc -p tsconfig.build.json && node dist/schema/emit-schema.js
    // Compared in a sorted form: the order of the types follows the order their classes loaded, which
    // here depends on the test files run before in the same worker. The build's own file, in its
    // order, is compared byte for byte with the committed one by .ci/run ("Committed schema").
    expect(
      sortedSchema(readFileSync(emitted, 'utf8')) === sortedSchema(committed),
      'apps/server/schema.graphql is stale: build the server and commit it',
    ).toBe(true);
  });

  it('describes every type, field, argument and value, but for the ones listed as still undocumented', () => {
    const missing = undocumented(schema);
    // UPDATE_UNDOCUMENTED=true rewrites the list (to shrink it after describing some).
    if (process.env.UPDATE_UNDOCUMENTED === 'true') writeFileSync(UNDOCUMENTED_FILE, `${JSON.stringify(missing, null, 2)}\n`);
    const listed: string[] = JSON.parse(readFileSync(UNDOCUMENTED_FILE, 'utf8'));
    // New ones must come with a description; described ones leave the list.
    expect(
      missing.filter((coordinate) => !listed.includes(coordinate)),
      'describe these in the schema',
    ).toEqual([]);
    expect(
      listed.filter((coordinate) => !missing.includes(coordinate)),
      'described now: remove from undocumented.json',
    ).toEqual([]);
  });

  it('deprecates with @deprecated and a reason', () => {
    const withoutReason: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (isIntrospectionType(type)) continue;
      const members =
        isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)
          ? Object.values(type.getFields())
          : isEnumType(type)
            ? type.getValues()
            : [];
      for (const member of members) {
        const reason = member.deprecationReason;
        if (reason !== null && reason !== undefined && (!reason.trim() || reason === 'No longer supported'))
          withoutReason.push(`${type.name}.${member.name}`);
      }
    }
    expect(withoutReason).toEqual([]);
  });

  it('has no breaking change against the previous committed schema, but accepted ones', async () => {
    const previous = comparisonSchema(committed);
    if (previous && 'missing' in previous) {
      const message = `The breaking-change check has no base: ${previous.missing} (fetch the history: actions/checkout with fetch-depth: 0).`;
      // In CI a shallow checkout would make this check pass without comparing anything.
      if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(message);
      console.warn(message);
      return;
    }
    if (!previous) {
      console.warn('No earlier committed schema.graphql in the git history: the breaking-change check had nothing to compare.');
      return;
    }
    // The schema as built now, against the one committed before it.
    const changes = await diff(buildSchema(previous.text), buildSchema(readFileSync(emitted, 'utf8')), [
      DiffRule.suppressRemovalOfDeprecatedField,
    ]);
    const accepted: string[] = JSON.parse(readFileSync(ACCEPTED_BREAKING_FILE, 'utf8'));
    const breaking = changes
      .filter((change) => change.criticality.level === CriticalityLevel.Breaking)
      .map((change) => change.message)
      .filter((message) => !accepted.includes(message));
    expect(
      breaking,
      `breaking changes since ${previous.from}: deprecate first, or accept them in accepted-breaking-changes.json`,
    ).toEqual([]);
  });
});
