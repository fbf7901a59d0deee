import { AdmissionStatus } from '@certhub/domain/admission-status';
import { LabAvailability, SpecAvailability } from '@certhub/domain/availability';
import type { HistoryChangeKind } from '@certhub/domain/catalog-history';
import { DateTimeISOResolver, JSONResolver } from 'graphql-scalars';
import { ObjectType, registerEnumType } from 'type-graphql';
import { NonNull, Nullable } from '../../shared/schema-fields.js';
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
  @NonNull(() => String, 'The title of the spec.') title!: string;
  @Nullable(() => String, 'Its address; null when it had none.') url!: string | null;
}

@ObjectType('LabLinkAsOf', { description: 'A certification lab as a program listed it then.' })
export class LabLinkAsOf {
  @NonNull(() => String, 'The name of the lab.') name!: string;
  @Nullable(() => String, 'Its address; null when it had none.') url!: string | null;
}

/** What a program, a category and a lab at a past moment begin with (type-graphql's inheritance: its fields come first). */
@ObjectType()
abstract class NamedAsOf {
  @NonNull(() => String, 'Its slug then.') slug!: string;
  @NonNull(() => String, 'Its name then.') name!: string;
}

@ObjectType('ProgramAsOf', { description: 'A program as the catalogue listed it at a past moment.' })
export class ProgramAsOf extends NamedAsOf {
  @NonNull(() => AdmissionStatus, 'Its admission status then.') admissionStatus!: AdmissionStatus;

  @Nullable(() => DateTimeISOResolver, 'Since when it had that status; null when the status history does not say.')
  statusChangedAt!: Date | null;

  @NonNull(() => [SpecLinkAsOf], 'Its specs then, in order.') specs!: SpecLinkAsOf[];
  @Nullable(() => SpecAvailability, 'How specs were had when none was listed.') specAvailability!: SpecAvailability | null;
  @NonNull(() => [LabLinkAsOf], 'Its certification labs then, in order.') labs!: LabLinkAsOf[];
  @Nullable(() => LabAvailability, 'Why no lab was listed, when none was.') labAvailability!: LabAvailability | null;
  @Nullable(() => String, 'The address vendors wrote to about joining, if one was published.') admissionContact!: string | null;
}

@ObjectType('CategoryAsOf', { description: 'A category of the catalogue at a past moment.' })
export class CategoryAsOf extends NamedAsOf {
  @NonNull(() => [ProgramAsOf], 'Its programs in the catalogue then (closed ones left out), in page order.')
  programs!: ProgramAsOf[];
}

@ObjectType('LabAsOf', { description: 'A certification lab at a past moment.' })
export class LabAsOf extends NamedAsOf {
  @Nullable(() => String, 'Its address then.') url!: string | null;
}

@ObjectType('CatalogueAsOf', { description: 'The public catalogue as it stood at a past moment.' })
export class CatalogueAsOf {
  @NonNull(() => DateTimeISOResolver, 'The moment: a day given as a date is the end of that day (UTC).') asOf!: Date;

  @NonNull(() => [CategoryAsOf], 'The categories then, in page order; none before the history starts.')
  categories!: CategoryAsOf[];

  @NonNull(() => [LabAsOf], 'The certification labs then, by name.') labs!: LabAsOf[];
}

@ObjectType('DatedChange', { description: 'One difference in the public catalogue, with when it took effect.' })
export class DatedChange {
  @NonNull(() => CatalogueChangeKind, 'What changed.') kind!: HistoryChangeKind;
  @Nullable(() => String, 'The field that changed; null when something was added or removed.') field!: string | null;
  @Nullable(() => JSONResolver, 'The value before; null when there was none.') from!: unknown;
  @Nullable(() => JSONResolver, 'The value after; null when there is none.') to!: unknown;
  @NonNull(() => DateTimeISOResolver, 'When the (last) change that made this difference took effect.') effectiveAt!: Date;
}

@ObjectType('ProgramChangeGroup', { description: "A program's differences between two moments." })
export class ProgramChangeGroup {
  @NonNull(() => String, 'Its slug at the later moment.') slug!: string;
  @NonNull(() => String, 'Its name at the later moment.') name!: string;
  @NonNull(() => [DatedChange], 'What differs, field by field.') changes!: DatedChange[];
}

@ObjectType('CatalogueEntityChange', { description: 'A category or lab added, removed or changed between two moments.' })
export class CatalogueEntityChange extends DatedChange {
  @NonNull(() => String, 'Category or Lab.') entityType!: string;
  @NonNull(() => String, 'Its name (at the later moment, or its last one if it was removed).') name!: string;
}

@ObjectType('CatalogueChanges', { description: 'What changed in the public catalogue between two moments.' })
export class CatalogueChanges {
  @NonNull(() => DateTimeISOResolver, 'The earlier moment (a day given as a date is its end, UTC).') from!: Date;
  @NonNull(() => DateTimeISOResolver, 'The later moment.') to!: Date;

  @Nullable(() => DateTimeISOResolver, 'When the first recorded change took effect; null when the catalogue has no history.')
  historyStartsAt!: Date | null;

  @NonNull(() => [ProgramChangeGroup], 'Programs with a difference, in page order at the later moment.')
  programs!: ProgramChangeGroup[];

  @NonNull(() => [CatalogueEntityChange], 'Categories and labs added, removed or changed.') catalogue!: CatalogueEntityChange[];
}
