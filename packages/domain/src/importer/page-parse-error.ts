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
 * An imported page that cannot be read as written: the message names the place first, in words an
 * editor of the page can act on, then the problem. What the importers' errors share; each says
 * where its page's places are (`PageParseError`, `ProductPageParseError`).
 */
export abstract class LocatedParseError extends Error {
  /** The table row the problem is in, if any, counted as the importer's location says. */
  readonly row: number | null;
  /** The label of the column the problem is in, if any. */
  readonly cell: string | null;
  /** The problem without the location prefix. */
  readonly problem: string;

  protected constructor(place: string, { row, cell }: { row?: number | null; cell?: string | null }, problem: string) {
    super(`${place}: ${problem}`);
    this.row = row ?? null;
    this.cell = cell ?? null;
    this.problem = problem;
  }
}

/**
 * The page cannot be imported as written. The message says where, in words an editor of the page
 * can act on: `Row 7 (Gateway), cell "Partner Admission Information": unknown status "Maybe later"`.
 */
export class PageParseError extends LocatedParseError {
  override readonly name = 'PageParseError';
  readonly section: PageSection;
  readonly programName: string | null;

  constructor(location: PageLocation, problem: string) {
    super(describeLocation(location), location, problem);
    this.section = location.section;
    this.programName = location.programName ?? null;
  }
}

function describeLocation({ section, row, cell, programName }: PageLocation): string {
  const place = row == null ? capitalize(section) : `Row ${row}${programName ? ` (${programName})` : ''}`;
  return cell ? `${place}, cell "${cell}"` : place;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
