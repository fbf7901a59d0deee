import type { AdmissionStatus } from './admission-status.js';
import type { LabAvailability, SpecAvailability } from './availability.js';

/** A spec document as the catalogue lists it: a link, or plain text where the page has no link. */
export interface SpecLink {
  title: string;
  url: string | null;
}

/** A certification lab as a program lists it. */
export interface LabLink {
  name: string;
  url: string | null;
}

/**
 * One program as the catalogue describes it, keyed by names rather than database ids: the shape of
 * `certhub import --dry-run --json` and of the importer's input to the database.
 */
export interface CatalogProgram {
  category: string;
  name: string;
  admissionStatus: AdmissionStatus;
  specs: SpecLink[];
  /** Set only when `specs` is empty. */
  specAvailability: SpecAvailability | null;
  labs: LabLink[];
  /** Set only when `labs` is empty. */
  labAvailability: LabAvailability | null;
  /**
   * The address vendors write to about joining, when the page gives one in the program's row (a
   * `mailto:` link beside the status). Absent when the row gives none: the page then says nothing
   * about it, and an import keeps the address staff set.
   */
  admissionContact?: string;
}

/** A general requirement every vendor must meet; `id` is a stable key vendors attest to. */
export interface Requirement {
  id: string;
  text: string;
  position: number;
}

export interface AdmissionStep {
  position: number;
  text: string;
}

export interface Note {
  id: string;
  text: string;
  position: number;
}

/** Everything the "How to Join" page says, as data. */
export interface HowToJoinContent {
  title: string;
  description: string | null;
  /** The page's own date (`ms.date` in its front matter) as an ISO timestamp, when it has one. */
  publishedAt: string | null;
  requirements: Requirement[];
  admissionSteps: AdmissionStep[];
  notes: Note[];
  programs: CatalogProgram[];
}
