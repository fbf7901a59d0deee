import { useMutation, useQuery } from '@apollo/client/react';
import { errorsOf } from '@certhub/web-ui/errors';
import { SelectField } from '@certhub/web-ui/fields';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { Announcer } from '../../components/Announcer.js';
import { Problem } from '../../components/fields.js';
import { MarkdownSource } from '../../components/MarkdownSource.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import type { ProductImportMutation } from '../../gql/graphql.js';
import { getFragmentData, graphql } from '../../gql/index.js';

const ProductImportPrograms = graphql(`
  query ProductImportPrograms {
    programs(first: 100) {
      edges {
        node {
          id
          slug
          name
        }
      }
    }
  }
`);

const ImportChangesListing = graphql(`
  fragment ImportChanges_listing on ProductImportListing {
    vendorName
    name
    slug
    changes
  }
`);

const ProductImport = graphql(`
  mutation ProductImport($markdown: String!, $programSlug: String, $dryRun: Boolean!) {
    importCertifiedProductsPage(markdown: $markdown, programSlug: $programSlug, dryRun: $dryRun) {
      dryRun
      program {
        id
        slug
        name
      }
      pagePath
      added {
        ...ImportChanges_listing
      }
      changed {
        ...ImportChanges_listing
      }
      withdrawn {
        ...ImportChanges_listing
      }
      relisted {
        ...ImportChanges_listing
      }
      unchangedCount
    }
  }
`);

type Result = ProductImportMutation['importCertifiedProductsPage'];
type Stage = { kind: 'choosing' } | { kind: 'previewed'; result: Result } | { kind: 'imported'; result: Result };

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
const changeCount = (result: Result) =>
  result.added.length + result.changed.length + result.withdrawn.length + result.relisted.length;

/**
 * A new version of a program's product page (Markdown): the products it would add, change, withdraw
 * and list again, before anything is written; applied on confirmation in one transaction.
 */
export function ProductImportPage() {
  usePageTitle("Import a program's product page");
  const programs = useQuery(ProductImportPrograms);
  const [markdown, setMarkdown] = useState('');
  const [programSlug, setProgramSlug] = useState('');
  const [stage, setStage] = useState<Stage>({ kind: 'choosing' });
  const [problem, setProblem] = useState<string | null>(null);
  const [runImport, { loading }] = useMutation(ProductImport);

  const restart = () => {
    setStage({ kind: 'choosing' });
    setProblem(null);
  };
  const onMarkdown = (text: string) => {
    setMarkdown(text);
    restart();
  };
  const run = async (dryRun: boolean) => {
    setProblem(null);
    try {
      const { data } = await runImport({
        variables: { markdown, programSlug: programSlug || null, dryRun },
        refetchQueries: dryRun ? [] : 'active',
      });
      if (data) setStage({ kind: dryRun ? 'previewed' : 'imported', result: data.importCertifiedProductsPage });
    } catch (error) {
      setProblem(
        errorsOf(error)[0]?.message ??
          (dryRun ? 'The page could not be read.' : 'The import did not go through; nothing changed.'),
      );
    }
  };
  const onPreview = (event: FormEvent) => {
    event.preventDefault();
    if (!markdown.trim()) {
      setProblem('Choose the Markdown file of the page, or paste its text.');
      return;
    }
    void run(true);
  };

  return (
    <section aria-labelledby="product-import-heading">
      <p>
        <Link to="/products">← Certified products</Link>
      </p>
      <h1 id="product-import-heading">Import a program's product page</h1>
      <p className="lead">
        Upload a new version of a program's page of certified products (Markdown). You see every listing it would add, change or
        withdraw before anything is written. Products no longer on the page are withdrawn, never deleted.
      </p>
      <form className="form" onSubmit={onPreview}>
        <MarkdownSource markdown={markdown} onChange={onMarkdown} />
        <SelectField
          label="Program"
          value={programSlug}
          empty="The one the page names"
          options={(programs.data?.programs.edges ?? []).map(({ node }) => ({ value: node.slug, label: node.name }))}
          onChange={(slug) => {
            setProgramSlug(slug);
            restart();
          }}
        />
        <Problem>{problem}</Problem>
        <div>
          <button type="submit" disabled={loading}>
            Preview the changes
          </button>
        </div>
      </form>

      <Announcer>
        {loading && stage.kind === 'previewed' && <p>Importing…</p>}
        {stage.kind === 'imported' && (
          <p className="callout">
            Imported into {stage.result.program.name}: {plural(changeCount(stage.result), 'change', 'changes')} written as one
            batch. <Link to="/audit">See them in the audit log</Link>
          </p>
        )}
      </Announcer>

      {stage.kind !== 'choosing' && <ImportChanges result={stage.result} applied={stage.kind === 'imported'} />}
      {stage.kind === 'previewed' && changeCount(stage.result) > 0 && (
        <div className="actions">
          <button type="button" onClick={() => void run(false)} disabled={loading}>
            Apply {plural(changeCount(stage.result), 'change', 'changes')}
          </button>
          <button type="button" className="secondary" onClick={restart}>
            Cancel
          </button>
        </div>
      )}
    </section>
  );
}

const GROUPS = [
  { key: 'added', heading: 'Added', explain: 'New on the page: listed from today.' },
  { key: 'changed', heading: 'Changed', explain: 'On the page with other versions or columns.' },
  { key: 'withdrawn', heading: 'Withdrawn', explain: 'No longer on the page: marked withdrawn, not deleted.' },
  { key: 'relisted', heading: 'Listed again', explain: 'Withdrawn before, back on the page.' },
] as const;

function ImportChanges({ result, applied }: { result: Result; applied: boolean }) {
  return (
    <section aria-labelledby="product-changes-heading" className="panel">
      <h2 id="product-changes-heading">
        {applied ? 'What changed' : 'What would change'} in {result.program.name}
      </h2>
      <p className="muted">The page {result.pagePath}.</p>
      <p>
        {GROUPS.map((group) => `${result[group.key].length} ${group.heading.toLowerCase()}`).join(', ')};{' '}
        {plural(result.unchangedCount, 'listing', 'listings')} unchanged.
      </p>
      {changeCount(result) === 0 && <p>The program's listings match this page already: nothing to change.</p>}
      {GROUPS.filter((group) => result[group.key].length > 0).map((group) => (
        <section key={group.key} aria-labelledby={`import-${group.key}`}>
          <h3 id={`import-${group.key}`}>
            {group.heading} ({result[group.key].length})
          </h3>
          <p className="muted">{group.explain}</p>
          <ul className="import-changes" data-kind={group.key}>
            {getFragmentData(ImportChangesListing, result[group.key]).map((item) => (
              <li key={`${item.vendorName}/${item.slug}`}>
                <strong>
                  {item.vendorName} {item.name}
                </strong>
                {item.changes.length > 0 && <>: {item.changes.join('; ')}</>}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
