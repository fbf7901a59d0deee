import { useQuery } from '@apollo/client/react';
import { LoadError, Loading } from '@certhub/web-ui/QueryState';
import { Link } from 'react-router';
import { usePageTitle } from '../../components/usePageTitle.js';
import { graphql } from '../../gql/index.js';

const JoinPageQuery = graphql(`
  query JoinPage {
    requirements {
      id
      text
    }
    admissionSteps {
      position
      text
    }
    notes {
      id
      text
    }
    programs(filter: { admissionStatus: [SEEKING_PARTNERS] }, first: 100) {
      totalCount
      edges {
        node {
          id
          slug
          name
          category {
            name
          }
        }
      }
    }
  }
`);

/** Paragraphs as the page wrote them (steps and notes may have several). */
function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text.split(/\n{2,}/).map((paragraph) => (
        <p key={paragraph}>{paragraph}</p>
      ))}
    </>
  );
}

export function JoinPage() {
  usePageTitle('How to join', '/join');
  const { data, error, refetch } = useQuery(JoinPageQuery);
  if (error && !data) return <LoadError what="how to join" error={error} retry={refetch} />;
  if (!data) return <Loading what="how to join" />;
  const seeking = data.programs.edges.map((edge) => edge.node);

  return (
    <article className="page join">
      <h1>How to join</h1>
      <section aria-labelledby="requirements-heading">
        <h2 id="requirements-heading">What every vendor needs</h2>
        <ul>
          {data.requirements.map((requirement) => (
            <li key={requirement.id}>{requirement.text}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="steps-heading">
        <h2 id="steps-heading">Requesting admission</h2>
        <ol className="steps">
          {data.admissionSteps.map((step) => (
            <li key={step.position}>
              <Paragraphs text={step.text} />
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="seeking-heading">
        <h2 id="seeking-heading">Seeking partners right now</h2>
        {seeking.length === 0 ? (
          <p>
            No program is seeking partners right now. Statuses change as the programs' needs change: see the{' '}
            <Link to="/">whole catalogue</Link>.
          </p>
        ) : (
          <ul>
            {seeking.map((program) => (
              <li key={program.id}>
                <Link to={`/programs/${program.slug}`}>{program.name}</Link>{' '}
                <span className="muted">({program.category.name})</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {data.notes.length > 0 && (
        <section aria-labelledby="notes-heading">
          <h2 id="notes-heading">Notes</h2>
          {data.notes.map((note) => (
            <aside key={note.id} className="note">
              <Paragraphs text={note.text} />
            </aside>
          ))}
        </section>
      )}
    </article>
  );
}
