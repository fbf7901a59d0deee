import { ErrorCode } from '../../shared/errors.js';

/** Why a request's JSON (a POST body, or GET's `variables` and `extensions`) is refused, before anything recursive reads it. */
export interface RequestJsonProblem {
  message: string;
  code: ErrorCode;
  limit?: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The bytes as UTF-8 text, or null when they are not valid UTF-8 (which a lenient decoder would turn into U+FFFD). */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

const NUL_MESSAGE = 'Strings in a request must not contain the NUL character (U+0000).';

/**
 * One pass over JSON text, with a stack instead of recursion, for what JSON.parse accepts but the
 * server must not: nesting deeper than `maxDepth` below `outerLevels` (the body object around
 * `variables`) (JSON.stringify, the cost estimate and graphql-js
 * all recurse over a value, and 10,000 nested arrays overflow the stack), a key twice in one object
 * (JSON.parse keeps the last, another parser the first: ambiguous, so refused), and the NUL
 * character in a string (PostgreSQL cannot store it). Syntax is left to JSON.parse.
 */
export function inspectJson(text: string, maxDepth: number, where: string, outerLevels = 0): RequestJsonProblem | null {
  // One entry per open container: the keys seen in an object, null for an array.
  const stack: Array<Set<string> | null> = [];
  let keyNext = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === 0x22 /* " */) {
      const start = index + 1;
      let escaped = false;
      for (index = start; index < text.length; index++) {
        const inner = text.charCodeAt(index);
        if (inner === 0x5c /* \ */) {
          escaped = true;
          if (text.startsWith('u0000', index + 1)) return { message: NUL_MESSAGE, code: ErrorCode.BAD_REQUEST };
          index++;
        } else if (inner === 0x22) {
          break;
        } else if (inner === 0) {
          return { message: NUL_MESSAGE, code: ErrorCode.BAD_REQUEST };
        }
      }
      const keys = stack[stack.length - 1];
      if (keyNext && keys) {
        const raw = text.slice(start, index);
        const key = escaped ? parseKey(raw) : raw;
        if (keys.has(key)) {
          return {
            message: `The ${where} has the key ${JSON.stringify(key)} twice in one object: send each key once.`,
            code: ErrorCode.BAD_REQUEST,
          };
        }
        keys.add(key);
      }
      keyNext = false;
    } else if (char === 0x7b /* { */ || char === 0x5b /* [ */) {
      if (stack.length >= maxDepth + outerLevels) {
        return {
          message: `The ${where} nests objects and lists more than ${maxDepth} deep, the most allowed.`,
          code: ErrorCode.VARIABLES_TOO_DEEP,
          limit: maxDepth,
        };
      }
      stack.push(char === 0x7b ? new Set() : null);
      keyNext = char === 0x7b;
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) {
      stack.pop();
      keyNext = false;
    } else if (char === 0x2c /* , */) {
      keyNext = stack[stack.length - 1] instanceof Set;
    } else if (char === 0x00) {
      return { message: NUL_MESSAGE, code: ErrorCode.BAD_REQUEST };
    }
  }
  return null;
}

function parseKey(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    // Not valid JSON: JSON.parse refuses the whole text after.
    return raw;
  }
}

/**
 * A POST body as GraphQL over HTTP wants it: UTF-8, JSON, an object (or an array, which the endpoint
 * refuses as batching), with `variables` and `extensions` nested at most `maxVariablesDepth` deep.
 */
export function parseRequestBody(
  bytes: Uint8Array,
  maxVariablesDepth: number,
): { value: unknown; problem?: undefined } | { problem: RequestJsonProblem } {
  const text = decodeUtf8(bytes);
  if (text === null) return { problem: { message: 'The request body is not valid UTF-8.', code: ErrorCode.BAD_REQUEST } };
  // As the JSON body parser did: an empty body is an empty request, which Apollo explains.
  if (text.trim() === '') return { value: {} };
  // The body itself is one level: `variables` and `extensions` may nest `maxVariablesDepth` inside it.
  const problem = inspectJson(text, maxVariablesDepth, 'request body (in variables or extensions)', 1);
  if (problem) return { problem };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: { message: 'The request body is not valid JSON.', code: ErrorCode.BAD_REQUEST } };
  }
  if (value === null || typeof value !== 'object') {
    return {
      problem: {
        message: 'The request body must be a JSON object such as {"query": "{ programs { totalCount } }", "variables": {}}.',
        code: ErrorCode.BAD_REQUEST,
      },
    };
  }
  return { value };
}

/**
 * A GET request's query string: every parameter valid percent-encoded UTF-8 (a lenient decoder
 * turns the rest into U+FFFD), no NUL, and `variables` and `extensions` held to the same rules as
 * in a POST body.
 */
export function inspectQueryString(search: string, maxVariablesDepth: number): RequestJsonProblem | null {
  for (const part of search.split('&')) {
    let name: string;
    let value: string;
    try {
      const equals = part.indexOf('=');
      name = decodeURIComponent((equals < 0 ? part : part.slice(0, equals)).replace(/\+/g, ' '));
      value = equals < 0 ? '' : decodeURIComponent(part.slice(equals + 1).replace(/\+/g, ' '));
    } catch {
      return { message: 'The query string is not valid percent-encoded UTF-8.', code: ErrorCode.BAD_REQUEST };
    }
    if (name.includes('\u0000') || value.includes('\u0000')) return { message: NUL_MESSAGE, code: ErrorCode.BAD_REQUEST };
    if (name === 'variables' || name === 'extensions') {
      const problem = inspectJson(value, maxVariablesDepth, `${name} parameter`);
      if (problem) return problem;
    }
  }
  return null;
}
