import { ArgsType, type ClassType, Field, Int, ObjectType } from 'type-graphql';
import { badUserInput } from './errors.js';
import { Nullable } from './schema-fields.js';

/**
 * Relay cursor connections. Cursors are opaque offsets into the list's fixed order; every paginated
 * list goes through `paginate` and `connectionType`.
 */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

@ObjectType('PageInfo', { description: 'Where a page is in its list (Relay cursor connections).' })
export class PageInfo {
  @Field(() => Boolean, { description: 'Whether items follow this page: ask again with `after: endCursor`.' })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'Whether items come before this page.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "The first item's cursor; null for an empty page." })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: "The last item's cursor, for `after`; null for an empty page." })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

export function connectionType<T extends object>(node: ClassType<T>, name: string): ClassType<Connection<T>> {
  @ObjectType(`${name}Edge`, { description: `One ${name} of a page, with its cursor.` })
  class EdgeType {
    @Field(() => String, { description: 'Opaque; pass it as `after` to read on from this item.' })
    cursor!: string;

    @Field(() => node, { description: `The ${name}.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items (Relay cursor connection).` })
  class ConnectionType {
    @Field(() => [EdgeType], { description: 'The items of this page, in order.' })
    edges!: EdgeType[];

    @Field(() => PageInfo, { description: 'Where the page is, and the cursors to read on.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'How many items match, across all pages.' })
    totalCount!: number;
  }
  return ConnectionType;
}

export interface PageRequest {
  first?: number | null;
  after?: string | null;
}

/**
 * The arguments of every paginated list: `@Args(() => PageArgs) page: PageArgs`, beside the list's
 * own `@Arg`s. type-graphql lists a method's arguments last parameter first, fields of an args
 * type in their order: hence `after` before `first`, as the schema has always listed them.
 */
@ArgsType()
export class PageArgs implements PageRequest {
  @Nullable(() => String, 'Cursor of the last edge already read.') after?: string | null;
  @Nullable(() => Int, 'Page size, 0 to 100; 50 when omitted.') first?: number | null;
}

const CURSOR_PREFIX = 'offset:';

export function encodeCursor(offset: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${offset}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const offset = Number(text.slice(CURSOR_PREFIX.length));
  if (!text.startsWith(CURSOR_PREFIX) || !Number.isSafeInteger(offset) || offset < 0) {
    throw badUserInput(`"${cursor}" is not a cursor this list gave out.`, 'after');
  }
  return offset;
}

/** Validates the page request and turns it into an offset and a limit. */
export function pageWindow({ first, after }: PageRequest): { offset: number; limit: number } {
  const limit = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) {
    throw badUserInput(`first must be between 0 and ${MAX_PAGE_SIZE}.`, 'first', { max: MAX_PAGE_SIZE });
  }
  return { offset: after ? decodeCursor(after) + 1 : 0, limit };
}

export async function paginate<T>(
  request: PageRequest,
  fetch: (window: { offset: number; limit: number }) => Promise<{ rows: T[]; totalCount: number }>,
): Promise<Connection<T>> {
  const window = pageWindow(request);
  const { rows, totalCount } = await fetch(window);
  const edges = rows.map((node, index) => ({ cursor: encodeCursor(window.offset + index), node }));
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage: window.offset + rows.length < totalCount,
      hasPreviousPage: window.offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
