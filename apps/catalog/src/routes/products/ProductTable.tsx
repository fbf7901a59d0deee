import { Link } from 'react-router';
import { type FragmentType, getFragmentData, graphql } from '../../gql/index.js';
import { useLocale, useT } from '../../i18n/locale.js';
import { ListingStatus } from './ListingStatus.js';
import { listingPath } from './listing-path.js';
import { attributeText, type Column, columnLabel, listingColumns } from './product-columns.js';
import { nextSort, type ProductView } from './product-view.js';

export const ProductTableProduct = graphql(`
  fragment ProductTable_product on CertifiedProduct {
    id
    slug
    name
    group
    status
    vendor {
      id
      name
      slug
    }
    program {
      id
      slug
      name
    }
    attributes {
      name
      kind
      value
      values
    }
    notes {
      marker
      text
    }
    ...ListingStatus_product
  }
`);

export type ProductTableRow = ReturnType<typeof productRows>[number];

/** The rows as the table reads them (unmasked), for the page to sort before it renders them. */
export function productRows(products: ReadonlyArray<FragmentType<typeof ProductTableProduct>>) {
  return products.map((product) => getFragmentData(ProductTableProduct, product));
}

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;

/**
 * Certified products as a table: the product heads its row and links to its own citable page; the
 * columns are the program's own (`attributes`) or, across programs, the program. A click on a
 * column header sorts by it (again: the other way). On a phone the rows are laid out as labelled
 * cards by the stylesheet.
 */
export function ProductTable({
  caption,
  rows,
  attributeNames = [],
  showProgram = false,
  showVendor = true,
  showGroup = false,
  view,
  onSort,
}: {
  caption: string;
  rows: readonly ProductTableRow[];
  /** The program's own columns, in its order; none across programs. */
  attributeNames?: readonly string[];
  showProgram?: boolean;
  showVendor?: boolean;
  /** When the program's page lists its products under several headings. */
  showGroup?: boolean;
  view: ProductView;
  onSort: (sort: Pick<ProductView, 'sort' | 'direction'>) => void;
}) {
  const t = useT();
  const columns = listingColumns({ attributeNames, showProgram, showVendor, showGroup });
  return (
    <table className="catalogue products">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th scope="col" key={column.name} aria-sort={view.sort === column.name ? ARIA_SORT[view.direction] : undefined}>
              <button type="button" className="sort-button" onClick={() => onSort(nextSort(view, column.name))}>
                {columnLabel(column, t)}
                <span aria-hidden="true" className="sort-mark">
                  {view.sort === column.name ? (view.direction === 'asc' ? ' ▲' : ' ▼') : ''}
                </span>
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} className={row.status === 'WITHDRAWN' ? 'withdrawn' : undefined}>
            {columns.map((column) => (
              <Cell key={column.name} column={column} row={row} />
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The footnotes the rows' markers refer to, once each, as the program's page puts them under its table. */
export function TableNotes({ rows }: { rows: readonly ProductTableRow[] }) {
  const t = useT();
  const notes = new Map(rows.flatMap((row) => row.notes.map((note) => [`${note.marker} ${note.text}`, note] as const)));
  if (notes.size === 0) return null;
  return (
    <ul className="table-notes" aria-label={t('products.notes')}>
      {[...notes].map(([key, note]) => (
        <li key={key}>
          <span aria-hidden="true">{note.marker}</span> {note.text}
        </li>
      ))}
    </ul>
  );
}

function Cell({ column, row }: { column: Column; row: ProductTableRow }) {
  const t = useT();
  const { localePath } = useLocale();
  const label = columnLabel(column, t);
  switch (column.kind) {
    case 'product':
      return (
        <th scope="row" data-label={label}>
          <Link to={localePath(listingPath(row))}>{row.name}</Link>
          {row.notes.map((note) => (
            <span key={note.marker} className="note-marker">
              {' '}
              <span aria-hidden="true">{note.marker}</span>
              <span className="visually-hidden">{t('products.seeNote', { note: note.text })}</span>
            </span>
          ))}
        </th>
      );
    case 'vendor':
      return (
        <td data-label={label}>
          <Link to={localePath(`/vendors/${row.vendor.slug}`)}>{row.vendor.name}</Link>
        </td>
      );
    case 'program':
      return (
        <td data-label={label}>
          <Link to={localePath(`/programs/${row.program.slug}`)}>{row.program.name}</Link>
        </td>
      );
    case 'group':
      return <td data-label={label}>{row.group}</td>;
    case 'status':
      return (
        <td data-label={label}>
          <ListingStatus product={row} />
        </td>
      );
    default: {
      const attribute = row.attributes.find((candidate) => candidate.name === column.name);
      const lines = attribute ? attributeText(attribute, { yes: t('products.yes'), no: t('products.no') }) : [];
      return (
        <td data-label={label}>
          {lines.length === 0 ? (
            <span className="visually-hidden">{t('products.none')}</span>
          ) : (
            lines.map((line, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one cell never move.
              <span key={index} className="cell-line">
                {line}
              </span>
            ))
          )}
        </td>
      );
    }
  }
}
