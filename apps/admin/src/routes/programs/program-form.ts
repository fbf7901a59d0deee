import type { AdmissionStatus } from '@certhub/domain/admission-status';
import type { LabAvailability, SpecAvailability } from '@certhub/domain/availability';
import { checkFields, listingProblem, NewProgram, ProgramChanges } from '@certhub/domain/catalog-edit';

/** The edit form's fields as the form holds them: text boxes hold strings. */
export interface ProgramFormValues {
  name: string;
  slug: string;
  categoryId: string;
  admissionStatus: AdmissionStatus;
  specIds: string[];
  specAvailability: SpecAvailability | '';
  labIds: string[];
  labAvailability: LabAvailability | '';
  partnerCapacity: string;
  internalNotes: string;
  /** Where vendors write about joining; empty for none. */
  admissionContact: string;
  /** Place in its category, from 1 as people count; empty keeps it (or goes last when moving). */
  position: string;
}

export type ProgramFormField = keyof ProgramFormValues;

export const EMPTY_PROGRAM: ProgramFormValues = {
  name: '',
  slug: '',
  categoryId: '',
  admissionStatus: 'NOT_SEEKING_PARTNERS',
  specIds: [],
  specAvailability: '',
  labIds: [],
  labAvailability: '',
  partnerCapacity: '',
  internalNotes: '',
  admissionContact: '',
  position: '',
};

export function valuesOf(program: {
  name: string;
  slug: string;
  category: { id: string };
  admissionStatus: AdmissionStatus;
  specs: Array<{ id: string }>;
  specAvailability: SpecAvailability | null;
  labs: Array<{ id: string }>;
  labAvailability: LabAvailability | null;
  partnerCapacity: number | null;
  internalNotes: string | null;
  admissionContact: string | null;
  position: number;
}): ProgramFormValues {
  return {
    name: program.name,
    slug: program.slug,
    categoryId: program.category.id,
    admissionStatus: program.admissionStatus,
    specIds: program.specs.map((spec) => spec.id),
    specAvailability: program.specAvailability ?? '',
    labIds: program.labs.map((lab) => lab.id),
    labAvailability: program.labAvailability ?? '',
    partnerCapacity: program.partnerCapacity === null ? '' : String(program.partnerCapacity),
    internalNotes: program.internalNotes ?? '',
    admissionContact: program.admissionContact ?? '',
    position: String(program.position + 1),
  };
}

export type ProgramFormCheck =
  | {
      ok: true;
      fields: {
        name: string;
        slug: string | null;
        categoryId: string;
        specIds: string[];
        specAvailability: SpecAvailability | null;
        labIds: string[];
        labAvailability: LabAvailability | null;
        partnerCapacity: number | null;
        internalNotes: string | null;
        admissionContact: string | null;
        position: number | null;
      };
    }
  | { ok: false; field: ProgramFormField; message: string };

/**
 * Checks the form with the domain's rules (the server's), before sending: the first field at fault
 * with the message the server would give.
 */
export function checkProgramForm(values: ProgramFormValues, { creating }: { creating: boolean }): ProgramFormCheck {
  const capacity = values.partnerCapacity.trim();
  const partnerCapacity = capacity === '' ? null : Number(capacity);
  if (partnerCapacity !== null && Number.isNaN(partnerCapacity)) {
    return { ok: false, field: 'partnerCapacity', message: 'Enter a whole number of partners, or leave it empty for no limit.' };
  }
  const fields = {
    name: values.name,
    slug: values.slug.trim() || null,
    partnerCapacity,
    internalNotes: values.internalNotes,
    admissionContact: values.admissionContact,
  };
  const checked = checkFields(creating ? NewProgram : ProgramChanges, fields);
  if (!checked.ok) return { ok: false, field: checked.field as ProgramFormField, message: checked.message };
  if (!values.categoryId) return { ok: false, field: 'categoryId', message: 'Choose the category.' };
  const specAvailability = values.specAvailability || null;
  const labAvailability = values.labAvailability || null;
  const listing = listingProblem({
    specCount: values.specIds.length,
    specAvailability,
    labCount: values.labIds.length,
    labAvailability,
  });
  if (listing) return { ok: false, field: listing.field, message: listing.message };
  const place = values.position.trim();
  const position = place === '' ? null : Number(place);
  if (position !== null && (!Number.isInteger(position) || position < 1)) {
    return { ok: false, field: 'position', message: 'Enter a place from 1, or leave it empty.' };
  }
  return {
    ok: true,
    fields: {
      name: values.name.trim(),
      slug: values.slug.trim() || null,
      categoryId: values.categoryId,
      specIds: values.specIds,
      specAvailability,
      labIds: values.labIds,
      labAvailability,
      partnerCapacity,
      internalNotes: values.internalNotes.trim() || null,
      admissionContact: checked.value.admissionContact ?? null,
      position: position === null ? null : position - 1,
    },
  };
}

/** The form field an API error names (`input.slug`, `input.position`…), if the form has it. */
export function formFieldOf(apiField: string | null): ProgramFormField | null {
  const name = apiField?.replace(/^input\./, '') ?? '';
  return name in EMPTY_PROGRAM ? (name as ProgramFormField) : null;
}
