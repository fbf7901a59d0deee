import { groupByCategory } from '@certhub/domain/category-groups';
import { StatusBadge } from '@certhub/web-ui/StatusBadge';
import { Link } from 'react-router';
import { LabList, SpecList } from '../../components/ProgramLinks.js';
import { type FragmentType, getFragmentData, graphql } from '../../gql/index.js';
import { useLocale, useT } from '../../i18n/locale.js';

export const CatalogTableProgram = graphql(`
  fragment CatalogTable_program on Program {
    id
    slug
    name
    admissionStatus
    specAvailability
    labAvailability
    category {
      slug
      name
    }
    specs {
      title
      url
    }
    labs {
      name
      url
    }
  }
`);

/**
 * The catalogue as a real table (a row group per category, header cells for program names). On a
 * phone the same markup is laid out as cards by the stylesheet, with each cell labelled.
 */
export function CatalogTable({ programs }: { programs: ReadonlyArray<FragmentType<typeof CatalogTableProgram>> }) {
  const t = useT();
  const { localePath } = useLocale();
  const rows = getFragmentData(CatalogTableProgram, programs);
  return (
    <table className="catalogue">
      <caption className="visually-hidden">{t('catalog.tableCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('catalog.program')}</th>
          <th scope="col">{t('catalog.status')}</th>
          <th scope="col">{t('catalog.specs')}</th>
          <th scope="col">{t('catalog.labs')}</th>
        </tr>
      </thead>
      {groupByCategory(rows, (category) => category.slug).map((group) => (
        <tbody key={group.category.slug}>
          <tr className="category-row">
            <th scope="rowgroup" colSpan={4} id={`category-${group.category.slug}`}>
              {group.category.name}
            </th>
          </tr>
          {group.items.map((program) => (
            <tr key={program.id}>
              <th scope="row" data-label={t('catalog.program')}>
                <Link to={localePath(`/programs/${program.slug}`)}>{program.name}</Link>
              </th>
              <td data-label={t('catalog.status')}>
                <StatusBadge
                  status={program.admissionStatus}
                  label={t(`admissionStatusShort.${program.admissionStatus}`)}
                  title={t(`admissionStatus.${program.admissionStatus}`)}
                />
              </td>
              <td data-label={t('catalog.specs')}>
                <SpecList specs={program.specs} availability={program.specAvailability ?? null} />
              </td>
              <td data-label={t('catalog.labs')}>
                <LabList labs={program.labs} availability={program.labAvailability ?? null} />
              </td>
            </tr>
          ))}
        </tbody>
      ))}
    </table>
  );
}
