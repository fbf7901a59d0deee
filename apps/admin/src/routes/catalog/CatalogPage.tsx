import { useMutation, useQuery } from '@apollo/client/react';
import {
  CategoryChanges,
  checkFields,
  type FieldSchema,
  LabChanges,
  NewCategory,
  NewLab,
  NewSpec,
  SpecChanges,
} from '@certhub/domain/catalog-edit';
import { LoadError, Loading } from '@certhub/web-ui/QueryState';
import { usePageTitle } from '../../components/usePageTitle.js';
import { getFragmentData, graphql } from '../../gql/index.js';
import { FieldProblem, RowsEditor } from './RowsEditor.js';

/** The rows of each table, as the page query reads them and each edit answers them. */
const CatalogPage_category = graphql(`
  fragment CatalogPage_category on Category {
    id
    name
    slug
    position
    version
  }
`);
const CatalogPage_lab = graphql(`
  fragment CatalogPage_lab on Lab {
    id
    name
    slug
    url
    version
  }
`);
const CatalogPage_spec = graphql(`
  fragment CatalogPage_spec on Spec {
    id
    title
    url
    version
  }
`);

const CatalogPageQuery = graphql(`
  query CatalogPage {
    categories {
      ...CatalogPage_category
    }
    labs {
      ...CatalogPage_lab
    }
    specs {
      ...CatalogPage_spec
    }
  }
`);

// The edits of each table side by side: create, update (which answers the row), delete (and reorder).
const CategoryEdits = {
  create: graphql(`mutation CreateCategory($input: CreateCategoryInput!) { createCategory(input: $input) { id } }`),
  update: graphql(
    `mutation UpdateCategory($input: UpdateCategoryInput!) { updateCategory(input: $input) { ...CatalogPage_category } }`,
  ),
  remove: graphql(`mutation DeleteCategory($input: DeleteCategoryInput!) { deleteCategory(input: $input) }`),
  reorder: graphql(
    `mutation ReorderCategories($input: ReorderCategoriesInput!) { reorderCategories(input: $input) { id position version } }`,
  ),
};
const LabEdits = {
  create: graphql(`mutation CreateLab($input: CreateLabInput!) { createLab(input: $input) { id } }`),
  update: graphql(`mutation UpdateLab($input: UpdateLabInput!) { updateLab(input: $input) { ...CatalogPage_lab } }`),
  remove: graphql(`mutation DeleteLab($input: DeleteLabInput!) { deleteLab(input: $input) }`),
};
const SpecEdits = {
  create: graphql(`mutation CreateSpec($input: CreateSpecInput!) { createSpec(input: $input) { id } }`),
  update: graphql(`mutation UpdateSpec($input: UpdateSpecInput!) { updateSpec(input: $input) { ...CatalogPage_spec } }`),
  remove: graphql(`mutation DeleteSpec($input: DeleteSpecInput!) { deleteSpec(input: $input) }`),
};

/**
 * The domain's rules before sending: the first field at fault, as the server would name it. An
 * empty optional box (slug, address) is left out: the slug is then made from the name, the address
 * cleared.
 */
function checked(schema: FieldSchema, values: Record<string, string>, required: string): Record<string, string | null> {
  const input = Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, key === required ? value : value.trim() || null]),
  );
  const result = checkFields(schema, input);
  if (!result.ok) throw new FieldProblem(result.field, result.message);
  return input;
}

const refetch = { refetchQueries: ['CatalogPage'], awaitRefetchQueries: true };

/** Categories, labs and spec documents: the rows programs link to, with the same edit patterns. */
export function CatalogPage() {
  usePageTitle('Categories, labs, specs');
  const { data, error, refetch: retry } = useQuery(CatalogPageQuery);
  const [createCategory] = useMutation(CategoryEdits.create, refetch);
  const [updateCategory] = useMutation(CategoryEdits.update);
  const [deleteCategory] = useMutation(CategoryEdits.remove, refetch);
  const [reorderCategories] = useMutation(CategoryEdits.reorder, refetch);
  const [createLab] = useMutation(LabEdits.create, refetch);
  const [updateLab] = useMutation(LabEdits.update);
  const [deleteLab] = useMutation(LabEdits.remove, refetch);
  const [createSpec] = useMutation(SpecEdits.create, refetch);
  const [updateSpec] = useMutation(SpecEdits.update);
  const [deleteSpec] = useMutation(SpecEdits.remove, refetch);

  if (error && !data) return <LoadError what="the categories, labs and specs" error={error} retry={retry} />;
  if (!data) return <Loading what="the categories, labs and specs" />;
  const link = (url: string | null | undefined) =>
    url ? <a href={url}>{new URL(url).hostname}</a> : <span className="muted">None</span>;

  return (
    <section aria-labelledby="catalogue-heading">
      <h1 id="catalogue-heading">Categories, labs, specs</h1>
      <p className="lead">
        What programs are grouped in and link to. Something in use cannot be deleted: the refusal says what uses it.
      </p>
      <RowsEditor
        title="Categories"
        noun="category"
        rows={getFragmentData(CatalogPage_category, data.categories)}
        labelOf={(category) => category.name}
        columns={[
          { label: 'Name', render: (category) => category.name },
          { label: 'Slug', render: (category) => category.slug },
        ]}
        fields={[
          { key: 'name', label: 'Name' },
          { key: 'slug', label: 'Slug', hint: 'Made from the name when left empty. Changing it breaks links to the old one.' },
        ]}
        valuesOf={(category) => ({ name: category?.name ?? '', slug: category?.slug ?? '' })}
        create={(values) => createCategory({ variables: { input: checked(NewCategory, values, 'name') as { name: string } } })}
        update={(category, values) =>
          updateCategory({
            variables: {
              input: { categoryId: category.id, expectedVersion: category.version, ...checked(CategoryChanges, values, 'name') },
            },
          })
        }
        remove={(category) =>
          deleteCategory({ variables: { input: { categoryId: category.id, expectedVersion: category.version } } })
        }
        reorder={(categoryIds) => reorderCategories({ variables: { input: { categoryIds } } })}
      />
      <RowsEditor
        title="Certification labs"
        noun="lab"
        rows={getFragmentData(CatalogPage_lab, data.labs)}
        labelOf={(lab) => lab.name}
        columns={[
          { label: 'Name', render: (lab) => lab.name },
          { label: 'Slug', render: (lab) => lab.slug },
          { label: 'Page', render: (lab) => link(lab.url) },
        ]}
        fields={[
          { key: 'name', label: 'Name' },
          { key: 'slug', label: 'Slug', hint: 'Made from the name when left empty.' },
          { key: 'url', label: 'Page for the program', hint: 'An absolute http(s) or mailto: address; empty for none.' },
        ]}
        valuesOf={(lab) => ({ name: lab?.name ?? '', slug: lab?.slug ?? '', url: lab?.url ?? '' })}
        create={(values) => createLab({ variables: { input: checked(NewLab, values, 'name') as { name: string } } })}
        update={(lab, values) =>
          updateLab({
            variables: { input: { labId: lab.id, expectedVersion: lab.version, ...checked(LabChanges, values, 'name') } },
          })
        }
        remove={(lab) => deleteLab({ variables: { input: { labId: lab.id, expectedVersion: lab.version } } })}
      />
      <RowsEditor
        title="Spec documents"
        noun="spec"
        rows={getFragmentData(CatalogPage_spec, data.specs)}
        labelOf={(spec) => spec.title}
        columns={[
          { label: 'Title', render: (spec) => spec.title },
          { label: 'Address', render: (spec) => link(spec.url) },
        ]}
        fields={[
          { key: 'title', label: 'Title' },
          {
            key: 'url',
            label: 'Address',
            hint: 'Where it is published: an absolute http(s) or mailto: address; empty for none.',
          },
        ]}
        valuesOf={(spec) => ({ title: spec?.title ?? '', url: spec?.url ?? '' })}
        create={(values) => createSpec({ variables: { input: checked(NewSpec, values, 'title') as { title: string } } })}
        update={(spec, values) =>
          updateSpec({
            variables: { input: { specId: spec.id, expectedVersion: spec.version, ...checked(SpecChanges, values, 'title') } },
          })
        }
        remove={(spec) => deleteSpec({ variables: { input: { specId: spec.id, expectedVersion: spec.version } } })}
      />
    </section>
  );
}
