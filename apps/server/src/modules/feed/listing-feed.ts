import { LISTING_STATUS_LABELS, type ListingStatus } from '@certhub/domain/directory';
import { Router } from 'express';
import { Feed } from 'feed';
import type { DataSource } from 'typeorm';
import { FEED_LENGTH, originOf, sendFeed, toDate } from './status-feed.js';

interface ListingChangeRow {
  id: number;
  from_status: ListingStatus | null;
  to_status: ListingStatus;
  changed_at: string | Date;
  listing_slug: string;
  product_name: string;
  vendor_name: string;
}

/**
 * `/feeds/programs/:slug/listings.atom`: one feed per program of the products it listed, withdrew
 * or listed again, newest first. Entry ids name the change itself, so a reader never shows one twice.
 */
export function listingFeedRouter(dataSource: DataSource): Router {
  const router = Router();
  router.get('/feeds/programs/:slug/listings.atom', async (request, response, next) => {
    try {
      const programs = (await dataSource
        .createQueryBuilder()
        .select(['program.id AS id', 'program.name AS name'])
        .from('program', 'program')
        .where('program.slug = :slug', { slug: request.params.slug })
        .getRawMany()) as Array<{ id: number; name: string }>;
      const program = programs[0];
      if (!program) return void response.status(404).type('text/plain').send('No program has this slug.');
      const rows = await dataSource
        .createQueryBuilder()
        .select([
          'change.id AS id',
          'change.from_status AS from_status',
          'change.to_status AS to_status',
          'change.changed_at AS changed_at',
          'product.listing_slug AS listing_slug',
          'product.name AS product_name',
          'vendor.name AS vendor_name',
        ])
        .from('listing_status_change', 'change')
        .innerJoin('certified_product', 'product', 'product.id = change.product_id')
        .innerJoin('vendor', 'vendor', 'vendor.id = product.vendor_id')
        .where('product.program_id = :programId', { programId: program.id })
        .orderBy('change.changed_at', 'DESC')
        .addOrderBy('change.id', 'DESC')
        .limit(FEED_LENGTH)
        .getRawMany<ListingChangeRow>();
      const origin = originOf(request);
      const path = request.originalUrl.split('?')[0] ?? '';
      const feed = new Feed({
        id: `${origin}${path}`,
        link: `${origin}/programs/${request.params.slug}`,
        title: `CertHub: products certified by ${program.name}`,
        description: `When the ${program.name} program lists or withdraws a certified product.`,
        updated: rows[0] ? toDate(rows[0].changed_at) : new Date(0),
        copyright: 'Listings adapted from the Microsoft certification docs pages (CC BY 4.0).',
        feedLinks: { atom: `${origin}${path}` },
      });
      for (const row of rows) {
        const product = `${row.vendor_name} ${row.product_name}`;
        feed.addItem({
          id: `${origin}/feeds/listing-changes/${row.id}`,
          link: `${origin}/products/${row.listing_slug}`,
          title: `${product}: ${LISTING_STATUS_LABELS[row.to_status]}${row.from_status === 'WITHDRAWN' ? ' again' : ''}`,
          description: row.from_status
            ? `${product} went from ${LISTING_STATUS_LABELS[row.from_status].toLowerCase()} to ${LISTING_STATUS_LABELS[row.to_status].toLowerCase()} in ${program.name}.`
            : `${program.name} listed ${product}.`,
          date: toDate(row.changed_at),
        });
      }
      sendFeed(request, response, feed.atom1());
    } catch (error) {
      next(error);
    }
  });
  return router;
}
