import { ADMISSION_STATUS_LABELS, type AdmissionStatus } from '@certhub/domain/admission-status';
import {
  LAB_AVAILABILITY_LABELS,
  type LabAvailability,
  SPEC_AVAILABILITY_LABELS,
  type SpecAvailability,
} from '@certhub/domain/availability';
import { ErrorCode } from '@certhub/domain/error-codes';
import { problemWithCode } from '@certhub/web-ui/errors';

/** A program's own fields, as a CONFLICT error carries them (`extensions.current`). */
export interface ProgramState {
  slug: string;
  name: string;
  categoryId: string;
  admissionStatus: AdmissionStatus;
  specAvailability: SpecAvailability | null;
  labAvailability: LabAvailability | null;
  partnerCapacity: number | null;
  internalNotes: string | null;
  position: number;
  version: number;
}

/** The same fields of a program as the console shows it. */
export function stateOf(program: Omit<ProgramState, 'categoryId'> & { category: { id: string } }): ProgramState {
  return {
    slug: program.slug,
    name: program.name,
    categoryId: program.category.id,
    admissionStatus: program.admissionStatus,
    specAvailability: program.specAvailability,
    labAvailability: program.labAvailability,
    partnerCapacity: program.partnerCapacity,
    internalNotes: program.internalNotes,
    position: program.position,
    version: program.version,
  };
}

/** The program as someone else left it, when the API refused an edit with CONFLICT; null for any other error. */
export function conflictOf(error: unknown): ProgramState | null {
  const current = problemWithCode(error, ErrorCode.CONFLICT)?.extensions.current;
  return current && typeof current === 'object' && 'admissionStatus' in current ? (current as ProgramState) : null;
}

export interface FieldDifference {
  field: keyof ProgramState;
  label: string;
  before: string;
  after: string;
}

const LABELS: ReadonlyArray<[keyof ProgramState, string]> = [
  ['admissionStatus', 'Status'],
  ['name', 'Name'],
  ['slug', 'Address (slug)'],
  ['categoryId', 'Category'],
  ['position', 'Place in its category'],
  ['specAvailability', 'Specs when none is listed'],
  ['labAvailability', 'Why no lab is listed'],
  ['partnerCapacity', 'Partner capacity'],
  ['internalNotes', 'Internal notes'],
];

/**
 * What changed between the program as the user saw it and as it is now, field by field, in words:
 * the conflict screen's "what they changed".
 */
export function differences(
  seen: ProgramState,
  now: ProgramState,
  categoryNames: ReadonlyMap<string, string> = new Map(),
): FieldDifference[] {
  const words = (field: keyof ProgramState, state: ProgramState): string => {
    switch (field) {
      case 'admissionStatus':
        return ADMISSION_STATUS_LABELS[state.admissionStatus];
      case 'categoryId':
        return categoryNames.get(state.categoryId) ?? 'another category';
      case 'position':
        return `${state.position + 1}`;
      case 'specAvailability':
        return state.specAvailability ? SPEC_AVAILABILITY_LABELS[state.specAvailability] : 'Not set';
      case 'labAvailability':
        return state.labAvailability ? LAB_AVAILABILITY_LABELS[state.labAvailability] : 'Not set';
      case 'partnerCapacity':
        return state.partnerCapacity === null ? 'No limit' : String(state.partnerCapacity);
      case 'internalNotes':
        return state.internalNotes || 'None';
      default:
        return String(state[field]);
    }
  };
  return LABELS.filter(([field]) => seen[field] !== now[field]).map(([field, label]) => ({
    field,
    label,
    before: words(field, seen),
    after: words(field, now),
  }));
}
