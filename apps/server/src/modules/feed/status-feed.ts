import { ADMISSION_STATUS_LABELS, type AdmissionStatus } from '@certhub/domain/admission-status';
import { type Request, type Response, Router } from 'express';
import { Feed } from 'feed';
import type { DataSource } from 'typeorm';
import { ifNoneMatchMatches, strongEtag } from '../../platform/api/etag.js';

/** How many status changes a feed lists: enough for a reader that polls daily. */
export const FEED_LENGTH = 50;

interface StatusChangeRow {
  id: number;
  from_status: AdmissionStatus | null;
  to_status: AdmissionStatus;
  changed_at: string | Date;
  slug: string;
  name: string;
  category_slug: string;
  category_name: string;
}

/**
 * `/feeds/status.atom` and `/feeds/categories/:slug/status.atom`: programs' status changes, newest
 * first, as Atom. Entry ids name the change itself, so a reader never shows one twice.
 */
export function statusFeedRouter(dataSource: DataSource): Router {
  const router = Router();
  const serve = async (request: Request, categorySlug: string | null) => {
    const rows = await recentStatusChanges(dataSource, categorySlug);
    const category = categorySlug ? (rows[0]?.category_name ?? (await categoryName(dataSource, categorySlug))) : null;
    if (categorySlug && !category) return null;
    return renderFeed(originOf(request), request.originalUrl.split('?')[0] ?? '/feeds/status.atom', rows, category);
  };
  router.get('/feeds/status.atom', async (request, response, next) => {
    try {
      sendFeed(request, response, (await serve(request, null)) as string);
    } catch (error) {
      next(error);
    }
  });
  router.get('/feeds/categories/:slug/status.atom', async (request, response, next) => {
    try {
      const atom = await serve(request, request.params.slug);
      if (atom === null) response.status(404).type('text/plain').send('No category has this slug.');
      else sendFeed(request, response, atom);
    } catch (error) {
      next(error);
    }
  });
  return router;
}

/**
 * Feed readers poll: each answer carries an ETag of its bytes, and a matching `If-None-Match` gets
 * 304, as GraphQL GETs do (Express's own check would not: it ignores validators from a client that
 * sends `Cache-Control: no-cache`, as fetch does with them). `no-cache`: a reader asks every time,
 * so a new change shows at its next poll, and is answered cheaply when nothing changed.
 */
export function sendFeed(request: Request, response: Response, atom: string): void {
  const etag = strongEtag(atom);
  response.setHeader('etag', etag);
  response.setHeader('cache-control', 'no-cache');
  if (ifNoneMatchMatches(request.get('if-none-match'), etag)) response.status(304).end();
  else response.type('application/atom+xml; charset=utf-8').send(atom);
}

async function recentStatusChanges(dataSource: DataSource, categorySlug: string | null): Promise<StatusChangeRow[]> {
  const query = dataSource
    .createQueryBuilder()
    .select([
      'change.id AS id',
      'change.from_status AS from_status',
      'change.to_status AS to_status',
      'change.changed_at AS changed_at',
      'program.slug AS slug',
      'program.name AS name',
      'category.slug AS category_slug',
      'category.name AS category_name',
    ])
    .from('program_status_change', 'change')
    .innerJoin('program', 'program', 'program.id = change.program_id')
    .innerJoin('category', 'category', 'category.id = program.category_id')
    .orderBy('change.changed_at', 'DESC')
    .addOrderBy('change.id', 'DESC')
    .limit(FEED_LENGTH);
  if (categorySlug) query.where('category.slug = :categorySlug', { categorySlug });
  return query.getRawMany<StatusChangeRow>();
}

async function categoryName(dataSource: DataSource, slug: string): Promise<string | null> {
  const rows = (await dataSource
    .createQueryBuilder()
    .select('name')
    .from('category', 'category')
    .where('slug = :slug', { slug })
    .getRawMany()) as Array<{
    name: string;
  }>;
  return rows[0]?.name ?? null;
}

function renderFeed(origin: string, path: string, rows: StatusChangeRow[], category: string | null): string {
  const updated = rows[0] ? toDate(rows[0].changed_at) : new Date(0);
  const feed = new Feed({
    id: `${origin}${path}`,
    link: category ? `${origin}/?category=${encodeURIComponent(rows[0]?.category_slug ?? '')}` : `${origin}/`,
    title: category ? `CertHub: ${category} programs' status changes` : "CertHub: certification programs' status changes",
    description: 'When a certification program starts or stops seeking partners.',
    updated,
    copyright: 'Program data adapted from the Microsoft docs page "How to Join" (CC BY 4.0).',
    feedLinks: { atom: `${origin}${path}` },
  });
  for (const row of rows) {
    const link = `${origin}/programs/${row.slug}`;
    feed.addItem({
      id: `${origin}/feeds/status-changes/${row.id}`,
      link,
      title: `${row.name}: ${ADMISSION_STATUS_LABELS[row.to_status]}`,
      description: row.from_status
        ? `${row.name} (${row.category_name}) went from "${ADMISSION_STATUS_LABELS[row.from_status]}" to "${ADMISSION_STATUS_LABELS[row.to_status]}".`
        : `${row.name} (${row.category_name}) was listed as "${ADMISSION_STATUS_LABELS[row.to_status]}".`,
      date: toDate(row.changed_at),
    });
  }
  return feed.atom1();
}

/** SQLite answers timestamps as UTC text, PostgreSQL as dates. */
export function toDate(value: string | Date): Date {
  return value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
}

export function originOf(request: Request): string {
  return `${request.protocol}://${request.get('host') ?? 'localhost'}`;
}
