import { useMutation } from '@apollo/client/react';
import { errorsOf } from '@certhub/web-ui/errors';
import { InputField } from '@certhub/web-ui/FormField';
import { type FormEvent, useId, useState } from 'react';
import { Link } from 'react-router';
import { Announcer } from '../../components/Announcer.js';
import { Problem } from '../../components/fields.js';
import { MarkdownSource } from '../../components/MarkdownSource.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import type { ImportPageMutation } from '../../gql/graphql.js';
import { graphql } from '../../gql/index.js';

const ImportPageMutationDocument = graphql(`
  mutation ImportPage($markdown: String!, $dryRun: Boolean!, $effectiveAt: String) {
    importHowToJoinPage(markdown: $markdown, dryRun: $dryRun, effectiveAt: $effectiveAt) {
      dryRun
      batchId
      effectiveAt
      changes {
        kind
        summary
      }
      programCount
      categoryCount
      labCount
    }
  }
`);

type Result = ImportPageMutation['importHowToJoinPage'];

type Stage =
  | { kind: 'choosing' }
  | { kind: 'previewed'; result: Result }
  | { kind: 'importing'; result: Result }
  | { kind: 'imported'; result: Result };

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/**
 * A new version of the "How to Join" docs page: the changes it would make (a dry run), applied on
 * confirmation in one transaction, with a summary of what was written.
 */
export function ImportPage() {
  usePageTitle('Import the docs page');
  const id = useId();
  const [markdown, setMarkdown] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [stage, setStage] = useState<Stage>({ kind: 'choosing' });
  // When the page took effect (`--effective` of the CLI): empty for the page's own date, else now.
  const [effectiveAt, setEffectiveAt] = useState('');
  const [problem, setProblem] = useState<{ message: string; field: string | null } | null>(null);
  const [runImport, { loading }] = useMutation(ImportPageMutationDocument, {
    // Everything in the catalogue may have changed.
    refetchQueries: 'active',
  });

  const onMarkdown = (text: string, name: string | null) => {
    setMarkdown(text);
    setFileName(name);
    setStage({ kind: 'choosing' });
    setProblem(null);
  };

  const onPreview = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (!markdown.trim()) {
      setProblem({ message: 'Choose the Markdown file of the page, or paste its text.', field: 'markdown' });
      return;
    }
    try {
      const { data } = await runImport({
        variables: { markdown, dryRun: true, effectiveAt: effectiveAt || null },
        refetchQueries: [],
      });
      if (data) setStage({ kind: 'previewed', result: data.importHowToJoinPage });
    } catch (error) {
      setProblem(errorsOf(error)[0] ?? { message: 'The page could not be read.', field: null });
    }
  };

  const onApply = async () => {
    if (stage.kind !== 'previewed') return;
    setProblem(null);
    setStage({ kind: 'importing', result: stage.result });
    try {
      const { data } = await runImport({ variables: { markdown, dryRun: false, effectiveAt: effectiveAt || null } });
      if (data) setStage({ kind: 'imported', result: data.importHowToJoinPage });
    } catch (error) {
      setStage({ kind: 'previewed', result: stage.result });
      setProblem(errorsOf(error)[0] ?? { message: 'The import did not go through; nothing changed.', field: null });
    }
  };

  return (
    <section aria-labelledby="import-heading">
      <h1 id="import-heading">Import the docs page</h1>
      <p className="lead">
        Upload a new version of the "How to Join" page (Markdown). You see every change it would make before anything is written;
        programs no longer on the page are closed, never deleted. A program's page of certified products is imported on{' '}
        <Link to="/import/products">its own screen</Link>.
      </p>
      <form className="form" onSubmit={(event) => void onPreview(event)}>
        <MarkdownSource markdown={markdown} onChange={onMarkdown} />
        <InputField
          label="Effective date (optional)"
          hint="The day the page's changes took effect. Empty: the page's own date (ms.date), else now."
          type="date"
          value={effectiveAt}
          error={problem?.field === 'effectiveAt' ? problem.message : null}
          onChange={(value) => {
            setEffectiveAt(value);
            setStage({ kind: 'choosing' });
          }}
        />
        <Problem>{problem?.field === 'effectiveAt' ? null : problem?.message}</Problem>
        <div>
          <button type="submit" disabled={loading}>
            Preview the changes
          </button>
        </div>
      </form>

      <Announcer>
        {stage.kind === 'importing' && (
          <p>
            <label htmlFor={`${id}-progress`}>Importing {fileName ?? 'the page'}…</label> <progress id={`${id}-progress`} />
          </p>
        )}
        {stage.kind === 'imported' && (
          <div className="callout">
            <p>
              Imported: {plural(stage.result.changes.length, 'change', 'changes')} written as one batch.{' '}
              {stage.result.changes.length > 0 && <Link to="/audit">See them in the audit log</Link>}
            </p>
          </div>
        )}
      </Announcer>

      {stage.kind !== 'choosing' && <Changes result={stage.result} applied={stage.kind === 'imported'} />}
      {stage.kind === 'previewed' && stage.result.changes.length > 0 && (
        <div className="actions">
          <button type="button" onClick={() => void onApply()} disabled={loading}>
            Apply {plural(stage.result.changes.length, 'change', 'changes')}
          </button>
          <button type="button" className="secondary" onClick={() => setStage({ kind: 'choosing' })}>
            Cancel
          </button>
        </div>
      )}
    </section>
  );
}

function Changes({ result, applied }: { result: Result; applied: boolean }) {
  return (
    <section aria-labelledby="changes-heading" className="panel">
      <h2 id="changes-heading">{applied ? 'What changed' : 'What would change'}</h2>
      <p>
        The page has {plural(result.programCount, 'program', 'programs')} in{' '}
        {plural(result.categoryCount, 'category', 'categories')}, with{' '}
        {plural(result.labCount, 'certification lab', 'certification labs')}. Its changes are dated{' '}
        <time dateTime={result.effectiveAt}>{result.effectiveAt.slice(0, 10)}</time>.
      </p>
      {result.changes.length === 0 ? (
        <p>The catalogue matches this page already: nothing to change.</p>
      ) : (
        <ul className="import-changes">
          {result.changes.map((change, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced whole.
            <li key={index} data-kind={change.kind}>
              {change.summary}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
