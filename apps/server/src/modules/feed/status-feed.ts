import { ADMISSION_STATUSES, type AdmissionStatus } from '@certhub/domain/admission-status';
import { LOCALES, type Locale, localePath } from '@certhub/domain/i18n/locales';
import { domainText, labelsOf } from '@certhub/domain/i18n/messages';
import { type Request, type Response, Router } from 'express';
import { Feed } from 'feed';
import type { DataSource } from 'typeorm';
import { codedEtag, contentCodingFor } from '../../platform/api/compression.js';
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
 * first, as Atom. Entry ids name the change itself, so a reader never shows one twice. Each
 * language of the site has its feeds under its prefix (`/de/feeds/status.atom`), in its words (from
 * `@certhub/domain/i18n`) and linking to its pages.
 */
export function statusFeedRouter(dataSource: DataSource): Router {
  const router = Router();
  const serve = async (request: Request, categorySlug: string | null, locale: Locale) => {
    const rows = await recentStatusChanges(dataSource, categorySlug);
    const category = categorySlug ? (rows[0]?.category_name ?? (await categoryName(dataSource, categorySlug))) : null;
    if (categorySlug && !category) return null;
    const path = request.originalUrl.split('?')[0] ?? localePath(locale, '/feeds/status.atom');
    return renderFeed(originOf(request), path, rows, category, locale);
  };
  for (const locale of LOCALES) {
    router.get(localePath(locale, '/feeds/status.atom'), async (request, response, next) => {
      try {
        sendFeed(request, response, (await serve(request, null, locale)) as string);
      } catch (error) {
        next(error);
      }
    });
    router.get(localePath(locale, '/feeds/categories/:slug/status.atom'), async (request, response, next) => {
      try {
        const atom = await serve(request, request.params.slug as string, locale);
        if (atom === null) response.status(404).type('text/plain').send('No category has this slug.');
        else sendFeed(request, response, atom);
      } catch (error) {
        next(error);
      }
    });
  }
  return router;
}

/**
 * Feed readers poll: each answer carries an ETag of its bytes, and a matching `If-None-Match` gets
 * 304, as GraphQL GETs do (Express's own check would not: it ignores validators from a client that
 * sends `Cache-Control: no-cache`, as fetch does with them). `no-cache`: a reader asks every time,
 * so a new change shows at its next poll, and is answered cheaply when nothing changed.
 */
export function sendFeed(request: Request, response: Response, atom: string): void {
  // The compression middleware sends it in this coding: the tag names it.
  const etag = codedEtag(strongEtag(atom), contentCodingFor(request.get('accept-encoding'), Buffer.byteLength(atom)));
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

function renderFeed(origin: string, path: string, rows: StatusChangeRow[], category: string | null, locale: Locale): string {
  const updated = rows[0] ? toDate(rows[0].changed_at) : new Date(0);
  const statusLabels = labelsOf(locale, 'admissionStatus', ADMISSION_STATUSES);
  const site = (sitePath: string) => `${origin}${localePath(locale, sitePath)}`;
  const feed = new Feed({
    id: `${origin}${path}`,
    link: category ? site(`/?category=${encodeURIComponent(rows[0]?.category_slug ?? '')}`) : site('/'),
    title: category ? domainText(locale, 'feed.categoryTitle', { category }) : domainText(locale, 'feed.title'),
    description: domainText(locale, 'feed.description'),
    updated,
    copyright: domainText(locale, 'attribution'),
    feedLinks: { atom: `${origin}${path}` },
  });
  for (const row of rows) {
    const words = {
      program: row.name,
      category: row.category_name,
      from: row.from_status ? statusLabels[row.from_status] : '',
      to: statusLabels[row.to_status],
    };
    feed.addItem({
      id: site(`/feeds/status-changes/${row.id}`),
      link: site(`/programs/${row.slug}`),
      title: domainText(locale, 'feed.entryTitle', { program: row.name, status: words.to }),
      description: domainText(locale, row.from_status ? 'feed.statusChanged' : 'feed.listed', words),
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
