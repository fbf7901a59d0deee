import { AdmissionStatus } from '@certhub/domain/admission-status';
import { LabAvailability, SpecAvailability } from '@certhub/domain/availability';
import type { HistoryChangeKind } from '@certhub/domain/catalog-history';
import { DateTimeISOResolver, JSONResolver } from 'graphql-scalars';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import '../program/program.enums.js';

/** The GraphQL names of the domain's kinds of change (`program-added` is PROGRAM_ADDED). */
export const CatalogueChangeKind = {
  PROGRAM_ADDED: 'program-added',
  PROGRAM_CLOSED: 'program-closed',
  PROGRAM_REOPENED: 'program-reopened',
  ADMISSION_STATUS_CHANGED: 'admission-status-changed',
  PROGRAM_RENAMED: 'program-renamed',
  PROGRAM_SLUG_CHANGED: 'program-slug-changed',
  PROGRAM_CATEGORY_CHANGED: 'program-category-changed',
  SPECS_CHANGED: 'specs-changed',
  SPEC_AVAILABILITY_CHANGED: 'spec-availability-changed',
  LABS_CHANGED: 'labs-changed',
  LAB_AVAILABILITY_CHANGED: 'lab-availability-changed',
  ADMISSION_CONTACT_CHANGED: 'admission-contact-changed',
  CATEGORY_ADDED: 'category-added',
  CATEGORY_REMOVED: 'category-removed',
  CATEGORY_RENAMED: 'category-renamed',
  LAB_ADDED: 'lab-added',
  LAB_REMOVED: 'lab-removed',
  LAB_RENAMED: 'lab-renamed',
  LAB_URL_CHANGED: 'lab-url-changed',
} as const satisfies Record<string, HistoryChangeKind>;

registerEnumType(CatalogueChangeKind, {
  name: 'CatalogueChangeKind',
  description: 'What changed in the public catalogue.',
  valuesConfig: {
    PROGRAM_ADDED: { description: 'The program appeared in the catalogue (`to`: its status).' },
    PROGRAM_CLOSED: { description: 'The program left the catalogue (`from`: its last status).' },
    PROGRAM_REOPENED: { description: 'A closed program came back (`to`: its status).' },
    ADMISSION_STATUS_CHANGED: { description: 'Its admission status (`from`, `to`: AdmissionStatus values).' },
    PROGRAM_RENAMED: { description: 'Its name.' },
    PROGRAM_SLUG_CHANGED: { description: 'Its slug, hence the address of its page.' },
    PROGRAM_CATEGORY_CHANGED: { description: 'Its category (by name).' },
    SPECS_CHANGED: { description: 'Its specs (lists of `{ title, url }`).' },
    SPEC_AVAILABILITY_CHANGED: { description: 'How specs are had when none is listed (SpecAvailability or null).' },
    LABS_CHANGED: { description: 'Its labs (lists of `{ name, url }`).' },
    LAB_AVAILABILITY_CHANGED: { description: 'Why no lab is listed (LabAvailability or null).' },
    ADMISSION_CONTACT_CHANGED: { description: 'The address vendors write to (or null).' },
    CATEGORY_ADDED: { description: 'A category appeared (`to`: its name).' },
    CATEGORY_REMOVED: { description: 'A category was deleted (`from`: its name).' },
    CATEGORY_RENAMED: { description: "A category's name." },
    LAB_ADDED: { description: 'A lab appeared (`to`: its name).' },
    LAB_REMOVED: { description: 'A lab was deleted (`from`: its name).' },
    LAB_RENAMED: { description: "A lab's name." },
    LAB_URL_CHANGED: { description: "A lab's address." },
  },
});

@ObjectType('SpecLinkAsOf', { description: 'A spec as a program listed it then.' })
export class SpecLinkAsOf {
  @Field(() => String, { description: 'The title of the spec.' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Its address; null when it had none.' })
  url!: string | null;
}

@ObjectType('LabLinkAsOf', { description: 'A certification lab as a program listed it then.' })
export class LabLinkAsOf {
  @Field(() => String, { description: 'The name of the lab.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Its address; null when it had none.' })
  url!: string | null;
}

@ObjectType('ProgramAsOf', { description: 'A program as the catalogue listed it at a past moment.' })
export class ProgramAsOf {
  @Field(() => String, { description: 'Its slug then.' })
  slug!: string;

  @Field(() => String, { description: 'Its name then.' })
  name!: string;

  @Field(() => AdmissionStatus, { description: 'Its admission status then.' })
  admissionStatus!: AdmissionStatus;

  @Field(() => DateTimeISOResolver, {
    nullable: true,
    description: 'Since when it had that status; null when the status history does not say.',
  })
  statusChangedAt!: Date | null;

  @Field(() => [SpecLinkAsOf], { description: 'Its specs then, in order.' })
  specs!: SpecLinkAsOf[];

  @Field(() => SpecAvailability, { nullable: true, description: 'How specs were had when none was listed.' })
  specAvailability!: SpecAvailability | null;

  @Field(() => [LabLinkAsOf], { description: 'Its certification labs then, in order.' })
  labs!: LabLinkAsOf[];

  @Field(() => LabAvailability, { nullable: true, description: 'Why no lab was listed, when none was.' })
  labAvailability!: LabAvailability | null;

  @Field(() => String, { nullable: true, description: 'The address vendors wrote to about joining, if one was published.' })
  admissionContact!: string | null;
}

@ObjectType('CategoryAsOf', { description: 'A category of the catalogue at a past moment.' })
export class CategoryAsOf {
  @Field(() => String, { description: 'Its slug then.' })
  slug!: string;

  @Field(() => String, { description: 'Its name then.' })
  name!: string;

  @Field(() => [ProgramAsOf], { description: 'Its programs in the catalogue then (closed ones left out), in page order.' })
  programs!: ProgramAsOf[];
}

@ObjectType('LabAsOf', { description: 'A certification lab at a past moment.' })
export class LabAsOf {
  @Field(() => String, { description: 'Its slug then.' })
  slug!: string;

  @Field(() => String, { description: 'Its name then.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Its address then.' })
  url!: string | null;
}

@ObjectType('CatalogueAsOf', { description: 'The public catalogue as it stood at a past moment.' })
export class CatalogueAsOf {
  @Field(() => DateTimeISOResolver, { description: 'The moment: a day given as a date is the end of that day (UTC).' })
  asOf!: Date;

  @Field(() => [CategoryAsOf], { description: 'The categories then, in page order; none before the history starts.' })
  categories!: CategoryAsOf[];

  @Field(() => [LabAsOf], { description: 'The certification labs then, by name.' })
  labs!: LabAsOf[];
}

@ObjectType('DatedChange', { description: 'One difference in the public catalogue, with when it took effect.' })
export class DatedChange {
  @Field(() => CatalogueChangeKind, { description: 'What changed.' })
  kind!: HistoryChangeKind;

  @Field(() => String, { nullable: true, description: 'The field that changed; null when something was added or removed.' })
  field!: string | null;

  @Field(() => JSONResolver, { nullable: true, description: 'The value before; null when there was none.' })
  from!: unknown;

  @Field(() => JSONResolver, { nullable: true, description: 'The value after; null when there is none.' })
  to!: unknown;

  @Field(() => DateTimeISOResolver, { description: 'When the (last) change that made this difference took effect.' })
  effectiveAt!: Date;
}

@ObjectType('ProgramChangeGroup', { description: "A program's differences between two moments." })
export class ProgramChangeGroup {
  @Field(() => String, { description: 'Its slug at the later moment.' })
  slug!: string;

  @Field(() => String, { description: 'Its name at the later moment.' })
  name!: string;

  @Field(() => [DatedChange], { description: 'What differs, field by field.' })
  changes!: DatedChange[];
}

@ObjectType('CatalogueEntityChange', { description: 'A category or lab added, removed or changed between two moments.' })
export class CatalogueEntityChange extends DatedChange {
  @Field(() => String, { description: 'Category or Lab.' })
  entityType!: string;

  @Field(() => String, { description: 'Its name (at the later moment, or its last one if it was removed).' })
  name!: string;
}

@ObjectType('CatalogueChanges', { description: 'What changed in the public catalogue between two moments.' })
export class CatalogueChanges {
  @Field(() => DateTimeISOResolver, { description: 'The earlier moment (a day given as a date is its end, UTC).' })
  from!: Date;

  @Field(() => DateTimeISOResolver, { description: 'The later moment.' })
  to!: Date;

  @Field(() => DateTimeISOResolver, {
    nullable: true,
    description: 'When the first recorded change took effect; null when the catalogue has no history.',
  })
  historyStartsAt!: Date | null;

  @Field(() => [ProgramChangeGroup], { description: 'Programs with a difference, in page order at the later moment.' })
  programs!: ProgramChangeGroup[];

  @Field(() => [CatalogueEntityChange], { description: 'Categories and labs added, removed or changed.' })
  catalogue!: CatalogueEntityChange[];
}
