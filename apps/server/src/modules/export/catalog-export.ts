import { isAdmissionStatus } from '@certhub/domain/admission-status';
import type { CatalogProgram } from '@certhub/domain/catalog';
import { stringify } from 'csv-stringify/sync';
import { type Request, type Response, Router } from 'express';
import type { Services } from '../../context.js';
import type { ProgramFilterInput } from '../program/program.inputs.js';

/**
 * `/export/catalogue.csv` and `/export/catalogue.json`: the public catalogue as files, filtered by
 * the same parameters as the public site's URL (`status`, `category`, `lab`, `q`).
 */
export function catalogExportRouter(services: Services): Router {
  const router = Router();
  router.get('/export/catalogue.:format', async (request, response, next) => {
    try {
      const format = request.params.format;
      if (format !== 'csv' && format !== 'json')
        return void response.status(404).json({ error: 'Use catalogue.csv or catalogue.json.' });
      const filter = filterOf(request);
      if ('error' in filter) return void response.status(400).json(filter);
      const rows = await exportRows(services, filter);
      send(response, format, rows);
    } catch (error) {
      next(error);
    }
  });
  return router;
}

type ExportRow = CatalogProgram & { slug: string; statusChangedAt: string };

/** The URL's filter as the API's ProgramFilter; a bad status is the caller's mistake (400). */
function filterOf(request: Request): ProgramFilterInput | { error: string; parameter: string } {
  const text = (name: string) => (typeof request.query[name] === 'string' ? (request.query[name] as string).trim() : '') || null;
  const statuses = text('status')?.split(',') ?? [];
  const unknown = statuses.find((status) => !isAdmissionStatus(status));
  if (unknown) return { error: `Unknown status "${unknown}".`, parameter: 'status' };
  const search = text('q');
  if (search && search.length > 200) return { error: 'q is limited to 200 characters.', parameter: 'q' };
  return {
    admissionStatus: statuses.length ? (statuses as ProgramFilterInput['admissionStatus']) : null,
    categorySlug: text('category'),
    labSlug: text('lab'),
    search,
  };
}

async function exportRows(services: Services, filter: ProgramFilterInput): Promise<ExportRow[]> {
  const programs = await services.programs.findAll(filter);
  const ids = programs.map((program) => program.id);
  const [categories, specs, labs] = await Promise.all([
    services.categories.findAll(),
    services.specs.findByProgramIds(ids),
    services.labs.findByProgramIds(ids),
  ]);
  const categoryName = new Map(categories.map((category) => [category.id, category.name]));
  const listsOf = <T>(entries: Array<[number, T]>) => {
    const lists = new Map<number, T[]>();
    for (const [programId, value] of entries) lists.set(programId, [...(lists.get(programId) ?? []), value]);
    return lists;
  };
  const specsOf = listsOf(specs);
  const labsOf = listsOf(labs);
  return programs.map((program) => ({
    category: categoryName.get(program.categoryId) ?? '',
    name: program.name,
    slug: program.slug,
    admissionStatus: program.admissionStatus,
    statusChangedAt: program.statusChangedAt.toISOString(),
    specs: (specsOf.get(program.id) ?? []).map(({ title, url }) => ({ title, url })),
    specAvailability: program.specAvailability,
    labs: (labsOf.get(program.id) ?? []).map(({ name, url }) => ({ name, url })),
    labAvailability: program.labAvailability,
  }));
}

function send(response: Response, format: 'csv' | 'json', rows: ExportRow[]): void {
  response.setHeader('content-disposition', `attachment; filename="certhub-catalogue.${format}"`);
  if (format === 'json') {
    response.json({ generatedAt: new Date().toISOString(), programs: rows });
    return;
  }
  const links = (items: Array<{ label: string; url: string | null }>) =>
    items.map(({ label, url }) => (url ? `${label} <${url}>` : label)).join('; ');
  const csv = stringify(
    rows.map((row) => [
      row.category,
      row.name,
      row.admissionStatus,
      row.statusChangedAt,
      links(row.specs.map((spec) => ({ label: spec.title, url: spec.url }))),
      row.specAvailability ?? '',
      links(row.labs.map((lab) => ({ label: lab.name, url: lab.url }))),
      row.labAvailability ?? '',
      row.slug,
    ]),
    {
      header: true,
      // A cell starting with = + - @ (or a tab or carriage return) gets a leading ': a spreadsheet
      // would otherwise run a program name like =HYPERLINK(…) as a formula (OWASP "CSV Injection").
      escape_formulas: true,
      columns: [
        'Category',
        'Program',
        'Admission status',
        'Status changed',
        'Specs',
        'Spec availability',
        'Labs',
        'Lab availability',
        'Slug',
      ],
    },
  );
  response.type('text/csv; charset=utf-8').send(csv);
}
