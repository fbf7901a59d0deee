import {
  type AttributeValue,
  attributeText,
  isListingStatus,
  type ListingNote,
  listingVersions,
} from '@certhub/domain/directory';
import { stringify } from 'csv-stringify/sync';
import { type Request, type Response, Router } from 'express';
import { CompactSign } from 'jose';
import type { DataSource } from 'typeorm';
import type { Services } from '../../context.js';
import { readCatalogRevision } from '../../platform/catalog-revision/catalog-revision.js';
import type { CertifiedProductFilterInput } from '../directory/directory.types.js';
import { DIRECTORY_SIGNING_ALGORITHM, type DirectorySigningKey } from './directory-signing-key.js';

/** One listing as the exports and the signed directory write it. */
export interface DirectoryExportRow {
  slug: string;
  program: { slug: string; name: string };
  vendor: { slug: string; name: string; url: string | null };
  name: string;
  group: string | null;
  status: string;
  listedSince: string;
  withdrawnAt: string | null;
  attributes: AttributeValue[];
  versions: string[];
  notes: ListingNote[];
}

/** The media type of the signed directory: a compact JWS whose payload is the JSON export. */
const JWS_MEDIA_TYPE = 'application/jose';

/**
 * `/export/certified-products.csv|json` (the directory as files, filtered like the site's URL:
 * `program`, `vendor`, `status`, `q`), `/export/directory.jws` (the whole directory signed, as the
 * FIDO metadata service publishes its BLOB) and `/.well-known/jwks.json` (the key to check it with).
 * The signed document is made once per catalogue revision: every change to a listing bumps it.
 */
export function directoryExportRouter(services: Services, dataSource: DataSource, signingKey: DirectorySigningKey): Router {
  const router = Router();
  router.get('/export/certified-products.:format', async (request, response, next) => {
    try {
      const format = request.params.format;
      if (format !== 'csv' && format !== 'json')
        return void response.status(404).json({ error: 'Use certified-products.csv or certified-products.json.' });
      const filter = filterOf(request);
      if ('error' in filter) return void response.status(400).json(filter);
      send(response, format, await directoryRows(services, filter));
    } catch (error) {
      next(error);
    }
  });

  let signed: { revision: number; jws: Promise<string> } | null = null;
  router.get('/export/directory.jws', async (_request, response, next) => {
    try {
      const revision = await readCatalogRevision(dataSource);
      if (signed?.revision !== revision) signed = { revision, jws: signDirectory(services, signingKey, revision) };
      const jws = await signed.jws.catch((error: unknown) => {
        signed = null;
        throw error;
      });
      response.setHeader('access-control-allow-origin', '*');
      response.type(JWS_MEDIA_TYPE).send(jws);
    } catch (error) {
      next(error);
    }
  });

  router.get('/.well-known/jwks.json', (_request, response) => {
    response.setHeader('access-control-allow-origin', '*');
    response.json({ keys: [signingKey.publicJwk] });
  });
  return router;
}

/** The whole directory, withdrawn listings included, signed with the directory key. */
async function signDirectory(services: Services, key: DirectorySigningKey, revision: number): Promise<string> {
  const listings = await directoryRows(services, {});
  const document = { issuer: 'CertHub', revision, issuedAt: new Date().toISOString(), listings };
  return new CompactSign(new TextEncoder().encode(JSON.stringify(document)))
    .setProtectedHeader({ alg: DIRECTORY_SIGNING_ALGORITHM, kid: key.publicJwk.kid, typ: 'certhub-directory+json' })
    .sign(key.privateKey);
}

/** The URL's filter as the API's CertifiedProductFilter; a bad status is the caller's mistake (400). */
function filterOf(request: Request): CertifiedProductFilterInput | { error: string; parameter: string } {
  const text = (name: string) => (typeof request.query[name] === 'string' ? (request.query[name] as string).trim() : '') || null;
  const status = text('status');
  if (status && !isListingStatus(status)) return { error: `Unknown status "${status}".`, parameter: 'status' };
  const search = text('q');
  if (search && search.length > 200) return { error: 'q is limited to 200 characters.', parameter: 'q' };
  return {
    programSlug: text('program'),
    vendorSlug: text('vendor'),
    status: status && isListingStatus(status) ? status : null,
    search,
  };
}

/** Three statements whatever the number of listings: the listings, their programs, their vendors. */
export async function directoryRows(services: Services, filter: CertifiedProductFilterInput): Promise<DirectoryExportRow[]> {
  const products = await services.directory.findAll(filter);
  const [programs, vendors] = await Promise.all([
    services.programs.findByIds([...new Set(products.map((product) => product.programId))]),
    services.directory.findVendorsByIds([...new Set(products.map((product) => product.vendorId))]),
  ]);
  const programById = new Map(programs.map((program) => [program.id, program]));
  const vendorById = new Map(vendors.map((vendor) => [vendor.id, vendor]));
  return products.map((product) => {
    const program = programById.get(product.programId);
    const vendor = vendorById.get(product.vendorId);
    return {
      slug: product.listingSlug,
      program: { slug: program?.slug ?? '', name: program?.name ?? '' },
      vendor: { slug: vendor?.slug ?? '', name: vendor?.name ?? '', url: vendor?.url ?? null },
      name: product.name,
      group: product.group,
      status: product.status,
      listedSince: product.listedSince.toISOString(),
      withdrawnAt: product.withdrawnAt?.toISOString() ?? null,
      attributes: product.attributes,
      versions: listingVersions(product.attributes),
      notes: product.notes,
    };
  });
}

function send(response: Response, format: 'csv' | 'json', rows: DirectoryExportRow[]): void {
  response.setHeader('content-disposition', `attachment; filename="certhub-certified-products.${format}"`);
  if (format === 'json') {
    response.json({ generatedAt: new Date().toISOString(), listings: rows });
    return;
  }
  const csv = stringify(
    rows.map((row) => [
      row.program.name,
      row.vendor.name,
      row.name,
      row.status,
      row.listedSince,
      row.withdrawnAt ?? '',
      row.attributes.map((attribute) => `${attribute.name}: ${attributeText(attribute)}`).join('; '),
      row.versions.join('; '),
      row.notes.map(({ marker, text }) => `${marker} ${text}`).join(' '),
      row.vendor.url ?? '',
      row.slug,
    ]),
    {
      header: true,
      // As for the catalogue: a cell starting with = + - @ gets a leading ' (OWASP "CSV Injection").
      escape_formulas: true,
      columns: [
        'Program',
        'Vendor',
        'Product',
        'Status',
        'Listed since',
        'Withdrawn',
        'Attributes',
        'Versions',
        'Notes',
        'Vendor website',
        'Slug',
      ],
    },
  );
  response.type('text/csv; charset=utf-8').send(csv);
}
