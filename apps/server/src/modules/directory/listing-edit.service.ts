import { randomUUID } from 'node:crypto';
import { ApplicationStatus } from '@certhub/domain/application';
import {
  type AttributeColumn,
  AttributeKind,
  type AttributeValue,
  directorySlug,
  ListingStatus,
  NO,
  YES,
} from '@certhub/domain/directory';
import { CertifiedProductChanges, ListingStatusChange, NewCertifiedProduct } from '@certhub/domain/directory-edit';
import type { DataSource, EntityManager } from 'typeorm';
import { lockKeys } from '../../db/transaction.js';
import { badUserInput, conflict, notFound } from '../../shared/errors.js';
import { staleVersion } from '../../shared/optimistic-update.js';
import type { AuditActor } from '../../shared/request-context.js';
import { validInput } from '../../shared/validation.js';
import { ApplicationEntity } from '../application/application.entity.js';
import type { AuditEventInput } from '../audit/audit.service.js';
import { inCatalogTransaction, recordChange } from '../change/record-change.js';
import { ProgramEntity } from '../program/program.entity.js';
import { CertifiedProductEntity } from './certified-product.entity.js';
import { DirectoryService } from './directory.service.js';
import { insertListing, listingLabel, listingMove, listingSearchKey, listingState, vendorFor } from './listing-records.js';
import { VendorEntity } from './vendor.entity.js';

const LISTING_VERSIONING = { typeName: 'listing', toPublic: listingState };

export interface AttributeInput {
  name: string;
  values: string[];
}

export interface NewListingInput {
  programId: number;
  vendorName: string;
  vendorUrl?: string | null;
  name: string;
  attributes?: AttributeInput[] | null;
}

export interface ListingChangesInput {
  name?: string | null;
  /** Another program (database id). */
  programId?: number | null;
  vendorName?: string | null;
  vendorUrl?: string | null;
  attributes?: AttributeInput[] | null;
  reason?: string | null;
}

/** Staff add, edit, withdraw and list again certified products; every change versioned and audited. */
export class ListingEditService {
  private readonly directory: DirectoryService;

  constructor(private readonly dataSource: DataSource) {
    this.directory = new DirectoryService(dataSource);
  }

  create(input: NewListingInput, by: AuditActor, applicationId: number | null = null): Promise<CertifiedProductEntity> {
    const { name, vendorName, vendorUrl = null, attributes: attributeInputs } = validInput(NewCertifiedProduct, input);
    return inCatalogTransaction(this.dataSource, async (manager) => {
      const program = await manager.findOneBy(ProgramEntity, { id: input.programId });
      if (!program) throw notFound('No program has this id.', 'input.programId');
      const attributes = await this.attributesFor(program.id, attributeInputs ?? [], 'input.attributes');
      const batch = { ...by, batchId: randomUUID(), reason: null };
      const audit: AuditEventInput[] = [];
      await lockKeys(manager, [`CertifiedProduct.slug:${program.id}`]);
      const vendor = await vendorFor(manager, { name: vendorName, website: vendorUrl }, audit, batch);
      const slug = directorySlug(name);
      const existing = await manager.findOneBy(CertifiedProductEntity, { programId: program.id, vendorId: vendor.id, slug });
      if (existing) {
        throw conflict(`${listingLabel(vendor, existing, program)} is listed already: edit that listing instead.`, {
          field: 'input.name',
          productId: existing.globalId,
        });
      }
      const now = new Date();
      const product = await insertListing(
        manager,
        { program, vendor, slug, name, group: null, attributes, notes: [], sourcePage: null, applicationId },
        now,
      );
      audit.push({
        ...batch,
        entityType: 'CertifiedProduct',
        entityId: String(product.id),
        action: 'listing-added',
        summary: `Listed ${listingLabel(vendor, product, program)}`,
        changes: {
          name: { from: null, to: name },
          attributes: { from: null, to: attributes },
          status: { from: null, to: ListingStatus.LISTED },
        },
      });
      await recordChange(manager, {
        audit,
        listingMoves: [listingMove(product, vendor, program, null, ListingStatus.LISTED, now)],
      });
      return product;
    });
  }

  /** A listing for the product of an application that reached ONBOARDED, in the application's program. */
  async createFromApplication(
    applicationId: number,
    input: Omit<NewListingInput, 'programId' | 'vendorName'> & { vendorName?: string | null },
    by: AuditActor,
  ): Promise<CertifiedProductEntity> {
    const application = await this.dataSource.getRepository(ApplicationEntity).findOneBy({ id: applicationId });
    if (!application) throw notFound('No application has this id.', 'input.applicationId');
    if (application.status !== ApplicationStatus.ONBOARDED) {
      throw badUserInput('Only an application that reached ONBOARDED can be listed.', 'input.applicationId', {
        status: application.status,
      });
    }
    return this.create(
      {
        programId: application.programId,
        vendorName: input.vendorName?.trim() || application.companyName,
        vendorUrl: input.vendorUrl ?? application.companyWebsite,
        name: input.name,
        attributes: input.attributes,
      },
      by,
      application.id,
    );
  }

  /**
   * Changes a listing's name, attributes, program or vendor. Its slug and address stay. A listing
   * moved to another program or vendor leaves its docs page: the page's next import no longer
   * updates or withdraws it (it would list the product it still shows where it shows it).
   */
  update(
    productId: number,
    expectedVersion: number,
    input: ListingChangesInput,
    by: AuditActor,
  ): Promise<CertifiedProductEntity> {
    const { name, attributes: attributeInputs, vendorName, vendorUrl, reason } = validInput(CertifiedProductChanges, input);
    return inCatalogTransaction(this.dataSource, async (manager) => {
      const { product, vendor, program } = await this.load(manager, productId, expectedVersion);
      const batchId = randomUUID();
      const audit: AuditEventInput[] = [];
      const nextProgram =
        input.programId == null || input.programId === program.id
          ? program
          : await manager.findOneBy(ProgramEntity, { id: input.programId });
      if (!nextProgram) throw notFound('No program has this id.', 'input.programId');
      const nextVendor =
        vendorName == null || directorySlug(vendorName) === vendor.slug
          ? vendor
          : await vendorFor(manager, { name: vendorName, website: vendorUrl ?? null }, audit, { ...by, batchId, reason: null });
      const moved = nextProgram.id !== program.id || nextVendor.id !== vendor.id;
      if (moved) {
        await lockKeys(manager, [`CertifiedProduct.slug:${nextProgram.id}`]);
        const taken = await manager.findOneBy(CertifiedProductEntity, {
          programId: nextProgram.id,
          vendorId: nextVendor.id,
          slug: product.slug,
        });
        if (taken) {
          throw conflict(`${listingLabel(nextVendor, taken, nextProgram)} is listed already: edit that listing instead.`, {
            field: nextProgram.id !== program.id ? 'input.programId' : 'input.vendorName',
            productId: taken.globalId,
          });
        }
      }
      const next = {
        name: name ?? product.name,
        attributes: attributeInputs
          ? await this.attributesFor(nextProgram.id, attributeInputs, 'input.attributes')
          : product.attributes,
      };
      const changes: AuditEventInput['changes'] = {};
      for (const field of ['name', 'attributes'] as const) {
        if (JSON.stringify(product[field]) !== JSON.stringify(next[field]))
          changes[field] = { from: product[field], to: next[field] };
      }
      if (nextProgram.id !== program.id) changes.program = { from: program.slug, to: nextProgram.slug };
      if (nextVendor.id !== vendor.id) changes.vendor = { from: vendor.slug, to: nextVendor.slug };
      if (moved && product.sourcePage !== null) changes.sourcePage = { from: product.sourcePage, to: null };
      if (!Object.keys(changes).length) return product;
      await manager.update(
        CertifiedProductEntity,
        { id: product.id },
        {
          ...next,
          programId: nextProgram.id,
          vendorId: nextVendor.id,
          ...(moved ? { sourcePage: null } : {}),
          searchKey: listingSearchKey(nextVendor.name, next.name),
          version: product.version + 1,
        },
      );
      const updated = await manager.findOneByOrFail(CertifiedProductEntity, { id: product.id });
      const movedTo = moved ? ` (now ${listingLabel(nextVendor, updated, nextProgram)})` : '';
      audit.push({
        ...by,
        batchId,
        reason: reason || null,
        entityType: 'CertifiedProduct',
        entityId: String(product.id),
        action: 'listing-changed',
        summary: `Changed ${listingLabel(vendor, product, program)}${movedTo}`,
        changes,
      });
      await recordChange(manager, { audit });
      return updated;
    });
  }

  /** Withdraws a listing (to WITHDRAWN) or lists it again (to LISTED). */
  setStatus(
    productId: number,
    expectedVersion: number,
    to: ListingStatus,
    reasonInput: string | null | undefined,
    by: AuditActor,
  ): Promise<CertifiedProductEntity> {
    const reason = validInput(ListingStatusChange, { reason: reasonInput }).reason || null;
    return inCatalogTransaction(this.dataSource, async (manager) => {
      const { product, vendor, program } = await this.load(manager, productId, expectedVersion);
      if (product.status === to) {
        throw badUserInput(
          to === ListingStatus.WITHDRAWN ? 'This listing is withdrawn already.' : 'This listing is listed already.',
          'input.productId',
        );
      }
      const now = new Date();
      await manager.update(
        CertifiedProductEntity,
        { id: product.id },
        { status: to, withdrawnAt: to === ListingStatus.WITHDRAWN ? now : null, version: product.version + 1 },
      );
      const updated = await manager.findOneByOrFail(CertifiedProductEntity, { id: product.id });
      const label = listingLabel(vendor, product, program);
      await recordChange(manager, {
        audit: [
          {
            ...by,
            batchId: randomUUID(),
            reason,
            entityType: 'CertifiedProduct',
            entityId: String(product.id),
            action: to === ListingStatus.WITHDRAWN ? 'listing-withdrawn' : 'listing-relisted',
            summary: to === ListingStatus.WITHDRAWN ? `Withdrew ${label}` : `Listed ${label} again`,
            changes: { status: { from: product.status, to } },
          },
        ],
        listingMoves: [listingMove(product, vendor, program, product.status, to, now)],
      });
      return updated;
    });
  }

  private async load(manager: EntityManager, productId: number, expectedVersion: number) {
    await lockKeys(manager, [`CertifiedProduct:${productId}`]);
    const product = await manager.findOneBy(CertifiedProductEntity, { id: productId });
    if (!product) throw notFound('No listing has this id.', 'input.productId');
    if (product.version !== expectedVersion) throw staleVersion(product, expectedVersion, LISTING_VERSIONING);
    const vendor = await manager.findOneByOrFail(VendorEntity, { id: product.vendorId });
    const program = await manager.findOneByOrFail(ProgramEntity, { id: product.programId });
    return { product, vendor, program };
  }

  /**
   * The attributes in the program's column order; a column the program does not declare is TEXT.
   * YES_NO values must be "yes" or "no".
   */
  private async attributesFor(programId: number, inputs: readonly AttributeInput[], field: string): Promise<AttributeValue[]> {
    const columns: AttributeColumn[] = (await this.directory.findColumns([programId])).map(([, column]) => column);
    const seen = new Set<string>();
    const attributes = inputs.map((input, index) => {
      const { name } = input;
      if (seen.has(name.toLowerCase())) throw badUserInput(`The attribute "${name}" is given twice.`, `${field}.${index}.name`);
      seen.add(name.toLowerCase());
      const column = columns.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
      const kind = column?.kind ?? AttributeKind.TEXT;
      const { values } = input;
      for (const value of values) {
        if (kind === AttributeKind.YES_NO && value !== YES && value !== NO) {
          throw badUserInput(`"${name}" takes "yes" or "no".`, `${field}.${index}.values`);
        }
      }
      return { name: column?.name ?? name, kind, values: kind === AttributeKind.YES_NO && !values.length ? [NO] : values };
    });
    const order = (attribute: AttributeValue) => {
      const position = columns.findIndex((column) => column.name === attribute.name);
      return position < 0 ? columns.length : position;
    };
    return attributes.sort((a, b) => order(a) - order(b));
  }
}
