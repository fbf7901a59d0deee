/** The part of the "How to Join" page an error was found in. */
export type PageSection = 'front matter' | 'requirements' | 'admission steps' | 'notes' | 'table';

export interface PageLocation {
  section: PageSection;
  /** 1-based row of the programs table, the header being row 1. */
  row?: number | null;
  /** Column label, e.g. "Partner Admission Information". */
  cell?: string | null;
  /** Program name of the row, when it could be read. */
  programName?: string | null;
}

/**
 * The page cannot be imported as written. The message says where, in words an editor of the page
 * can act on: `Row 7 (Gateway), cell "Partner Admission Information": unknown status "Maybe later"`.
 */
export class PageParseError extends Error {
  override readonly name = 'PageParseError';
  readonly section: PageSection;
  readonly row: number | null;
  readonly cell: string | null;
  readonly programName: string | null;
  /** The problem without the location prefix. */
  readonly problem: string;

  constructor(location: PageLocation, problem: string) {
    super(`${describeLocation(location)}: ${problem}`);
    this.section = location.section;
    this.row = location.row ?? null;
    this.cell = location.cell ?? null;
    this.programName = location.programName ?? null;
    this.problem = problem;
  }
}

function describeLocation({ section, row, cell, programName }: PageLocation): string {
  const place = row == null ? capitalize(section) : `Row ${row}${programName ? ` (${programName})` : ''}`;
  return cell ? `${place}, cell "${cell}"` : place;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
