import { useQuery } from '@apollo/client/react';
import { FormattedMessage } from 'react-intl';
import { Link } from 'react-router';
import { MailLink } from '../../components/MailLink.js';
import { PageLoadError, PageLoading } from '../../components/QueryState.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import type { JoinPageQuery as JoinPageData } from '../../gql/graphql.js';
import { graphql } from '../../gql/index.js';
import { useLocale, useT } from '../../i18n/locale.js';

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
          admissionContact
          category {
            name
          }
        }
      }
    }
  }
`);

/** The step of the docs page that says "Email the alias listed in the table": the aliases are shown with it. */
const EMAIL_THE_ALIAS = /\bemail the alias\b/i;

type SeekingProgram = JoinPageData['programs']['edges'][number]['node'];

/** Each program seeking partners with its contact address, in the page's language (the step around it is as published). */
function Aliases({ programs }: { programs: SeekingProgram[] }) {
  const t = useT();
  const { locale, localePath } = useLocale();
  const listed = programs.filter((program) => program.admissionContact);
  if (programs.length === 0) return null;
  if (listed.length === 0) {
    return (
      <p lang={locale} className="muted">
        {t('join.noContacts')}
      </p>
    );
  }
  return (
    <div lang={locale} className="aliases">
      <p>{t('join.contacts')}</p>
      <ul>
        {listed.map((program) => (
          <li key={program.id}>
            <Link to={localePath(`/programs/${program.slug}`)}>{program.name}</Link>:{' '}
            <MailLink address={program.admissionContact ?? ''} />
          </li>
        ))}
      </ul>
    </div>
  );
}

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
  const t = useT();
  const { locale, localePath } = useLocale();
  usePageTitle(t('join.title'), localePath('/join'));
  const { data, error, refetch } = useQuery(JoinPageQuery);
  if (error && !data) return <PageLoadError what="join.what" error={error} retry={refetch} />;
  if (!data) return <PageLoading message="join.loading" />;
  const seeking = data.programs.edges.map((edge) => edge.node);
  // The requirements, steps and notes are the docs page's own words, in English: said so for screen readers.
  const published = locale === 'en' ? undefined : 'en';
  // The aliases go with the step that asks for them, or after the steps if no step words it so.
  const aliasStep = data.admissionSteps.findIndex((step) => EMAIL_THE_ALIAS.test(step.text));

  return (
    <article className="page join">
      <h1>{t('join.title')}</h1>
      <section aria-labelledby="requirements-heading">
        <h2 id="requirements-heading">{t('join.requirements')}</h2>
        <ul lang={published}>
          {data.requirements.map((requirement) => (
            <li key={requirement.id}>{requirement.text}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="steps-heading">
        <h2 id="steps-heading">{t('join.steps')}</h2>
        <ol className="steps" lang={published}>
          {data.admissionSteps.map((step, index) => (
            <li key={step.position}>
              <Paragraphs text={step.text} />
              {index === aliasStep && <Aliases programs={seeking} />}
            </li>
          ))}
        </ol>
        {aliasStep === -1 && <Aliases programs={seeking} />}
      </section>
      <section aria-labelledby="seeking-heading">
        <h2 id="seeking-heading">{t('join.seeking')}</h2>
        {seeking.length === 0 ? (
          <p>
            <FormattedMessage id="join.noneSeeking" values={{ all: (chunks) => <Link to={localePath('/')}>{chunks}</Link> }} />
          </p>
        ) : (
          <ul>
            {seeking.map((program) => (
              <li key={program.id}>
                <Link to={localePath(`/programs/${program.slug}`)}>{program.name}</Link>{' '}
                <span className="muted">({program.category.name})</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {data.notes.length > 0 && (
        <section aria-labelledby="notes-heading">
          <h2 id="notes-heading">{t('join.notes')}</h2>
          {data.notes.map((note) => (
            <aside key={note.id} className="note" lang={published}>
              <Paragraphs text={note.text} />
            </aside>
          ))}
        </section>
      )}
    </article>
  );
}
