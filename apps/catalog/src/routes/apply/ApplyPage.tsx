import { useMutation, useQuery } from '@apollo/client/react';
import { acceptsApplications } from '@certhub/domain/admission-status';
import { FormField } from '@certhub/web-ui/FormField';
import { type FormEvent, type ReactNode, useMemo, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { Link, useParams } from 'react-router';
import { PageLoadError, PageLoading } from '../../components/QueryState.js';
import { RequiresJavaScript } from '../../components/RequiresJavaScript.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { graphql } from '../../gql/index.js';
import { useLocale, useT } from '../../i18n/locale.js';
import { useHydrated } from '../../page-head/hydration.js';
import { NotFoundPage } from '../NotFoundPage.js';
import {
  type ApplicationFormValues,
  countryChoices,
  EMPTY_APPLICATION,
  type FieldErrors,
  serverErrorsOf,
  validateApplication,
} from './application-form.js';

const ApplyPageQuery = graphql(`
  query ApplyPage($slug: String!) {
    program(slug: $slug) {
      id
      slug
      name
      admissionStatus
    }
    requirements {
      id
      text
    }
  }
`);

const SubmitApplication = graphql(`
  mutation SubmitApplication($input: SubmitApplicationInput!) {
    submitApplication(input: $input) {
      reference
      accessToken
    }
  }
`);

type TextField = Exclude<keyof ApplicationFormValues, 'attestedRequirementIds'>;

export function ApplyPage() {
  const t = useT();
  const { localePath } = useLocale();
  const { slug = '' } = useParams();
  const { data, error, refetch } = useQuery(ApplyPageQuery, { variables: { slug } });
  usePageTitle(data?.program ? t('apply.title', { program: data.program.name }) : t('apply.titleLoading'));
  if (error && !data) return <PageLoadError what="apply.what" error={error} retry={refetch} />;
  if (!data) return <PageLoading message="apply.loading" />;
  if (!data.program) return <NotFoundPage />;
  const { program, requirements } = data;

  if (!acceptsApplications(program.admissionStatus)) {
    return (
      <section className="page">
        <h1>{t('apply.title', { program: program.name })}</h1>
        <p>{t(`admissionStatusNextStep.${program.admissionStatus}`)}</p>
        <p>
          <Link to={localePath(`/programs/${program.slug}`)}>{t('apply.back', { program: program.name })}</Link>
        </p>
      </section>
    );
  }
  return <ApplicationForm program={program} requirements={requirements} />;
}

function ApplicationForm({
  program,
  requirements,
}: {
  program: { id: string; slug: string; name: string };
  requirements: ReadonlyArray<{ id: string; text: string }>;
}) {
  const t = useT();
  const { locale } = useLocale();
  const [values, setValues] = useState<ApplicationFormValues>(EMPTY_APPLICATION);
  const [touched, setTouched] = useState<Set<keyof ApplicationFormValues>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<{ fields: FieldErrors; general: string | null }>({
    fields: {},
    general: null,
  });
  const [honeypot, setHoneypot] = useState('');
  const [submit, { data, loading }] = useMutation(SubmitApplication);

  const requirementIds = requirements.map((requirement) => requirement.id);
  const localErrors = validateApplication(values, requirementIds, t);
  const errorOf = (field: keyof ApplicationFormValues) =>
    (submitted || touched.has(field) ? localErrors[field] : undefined) ?? serverErrors.fields[field] ?? null;

  const update = (field: TextField, value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    setServerErrors((current) => ({ ...current, fields: { ...current.fields, [field]: undefined } }));
  };
  const touch = (field: keyof ApplicationFormValues) => setTouched((current) => new Set(current).add(field));
  const toggleRequirement = (id: string, checked: boolean) => {
    touch('attestedRequirementIds');
    setValues((current) => ({
      ...current,
      attestedRequirementIds: checked
        ? [...current.attestedRequirementIds, id]
        : current.attestedRequirementIds.filter((attested) => attested !== id),
    }));
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (loading || Object.keys(localErrors).length > 0) {
      focusFirstError();
      return;
    }
    try {
      await submit({
        variables: {
          input: { programId: program.id, ...values, contactPhone: values.contactPhone || null, honeypot: honeypot || null },
        },
      });
    } catch (error) {
      setServerErrors(serverErrorsOf(error, t));
      focusFirstError();
    }
  };

  const receipt = data?.submitApplication;
  if (receipt) return <Receipt programName={program.name} reference={receipt.reference} accessToken={receipt.accessToken} />;

  const text = (
    field: TextField,
    label: string,
    options: { type?: string; hint?: string; multiline?: boolean; autoComplete?: string } = {},
  ) => (
    <FormField label={label} hint={options.hint} error={errorOf(field)}>
      {(props) =>
        options.multiline ? (
          <textarea
            {...props}
            rows={5}
            value={values[field]}
            onChange={(event) => update(field, event.target.value)}
            onBlur={() => touch(field)}
          />
        ) : (
          <input
            {...props}
            type={options.type ?? 'text'}
            autoComplete={options.autoComplete}
            value={values[field]}
            onChange={(event) => update(field, event.target.value)}
            onBlur={() => touch(field)}
          />
        )
      }
    </FormField>
  );

  return (
    <section className="page">
      <h1>{t('apply.title', { program: program.name })}</h1>
      <p className="lead">{t('apply.lead')}</p>
      {serverErrors.general && (
        <div className="callout callout-error" role="alert" tabIndex={-1}>
          <p>{serverErrors.general}</p>
        </div>
      )}
      <RequiresJavaScript what="apply.needsJavaScript" />
      <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate>
        {text('companyName', t('apply.companyName'), { autoComplete: 'organization' })}
        {text('companyWebsite', t('apply.companyWebsite'), {
          type: 'url',
          hint: t('apply.companyWebsiteHint'),
          autoComplete: 'url',
        })}
        <FormField label={t('apply.country')} error={errorOf('headquartersCountry')}>
          {(props) => (
            <select
              {...props}
              value={values.headquartersCountry}
              onChange={(event) => update('headquartersCountry', event.target.value)}
              onBlur={() => touch('headquartersCountry')}
            >
              <option value="">{t('apply.chooseCountry')}</option>
              <CountryOptions />
            </select>
          )}
        </FormField>
        {text('contactName', t('apply.contactName'), { autoComplete: 'name' })}
        {text('contactEmail', t('apply.contactEmail'), { type: 'email', autoComplete: 'email' })}
        {text('contactPhone', t('apply.contactPhone'), {
          type: 'tel',
          hint: t('apply.contactPhoneHint'),
          autoComplete: 'tel',
        })}
        {text('productSummary', t('apply.productSummary'), { multiline: true, hint: t('apply.productSummaryHint') })}
        {text('message', t('apply.message'), { multiline: true, hint: t('apply.messageHint') })}

        <fieldset
          className="attestations"
          aria-describedby={errorOf('attestedRequirementIds') ? 'attestations-error' : undefined}
        >
          <legend>{t('apply.attest')}</legend>
          {requirements.map((requirement) => (
            <label key={requirement.id} className="checkbox">
              <input
                type="checkbox"
                checked={values.attestedRequirementIds.includes(requirement.id)}
                onChange={(event) => toggleRequirement(requirement.id, event.target.checked)}
              />
              <span lang={locale === 'en' ? undefined : 'en'}>{requirement.text}</span>
            </label>
          ))}
          {errorOf('attestedRequirementIds') && (
            <p id="attestations-error" className="field-error">
              {errorOf('attestedRequirementIds')}
            </p>
          )}
        </fieldset>

        {/* Hidden from people and assistive technology; automated submitters tend to fill it. */}
        <div className="visually-hidden" aria-hidden="true">
          <label htmlFor="website-confirmation">{t('apply.honeypot')}</label>
          <input
            id="website-confirmation"
            tabIndex={-1}
            autoComplete="off"
            value={honeypot}
            onChange={(event) => setHoneypot(event.target.value)}
          />
        </div>

        <p>
          <button type="submit" disabled={loading} aria-disabled={loading}>
            {loading ? t('site.sending') : t('apply.submit')}
          </button>
        </p>
      </form>
    </section>
  );
}

function focusFirstError() {
  // After React has rendered the messages.
  requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"], .callout-error')?.focus());
}

function Receipt({ programName, reference, accessToken }: { programName: string; reference: string; accessToken: string }) {
  const t = useT();
  const { localePath } = useLocale();
  usePageTitle(t('apply.sentTitle', { reference }));
  const strong = (chunks: ReactNode[]) => <strong>{chunks}</strong>;
  return (
    <section className="page">
      <h1>{t('apply.sent')}</h1>
      <div className="callout" role="status">
        <p>
          <FormattedMessage id="apply.received" values={{ program: programName, reference, strong }} />
        </p>
        <p>
          <FormattedMessage id="apply.keepToken" values={{ strong }} />
        </p>
        <div className="field">
          <label htmlFor="access-token">{t('apply.token')}</label>
          <input id="access-token" className="code" readOnly value={accessToken} onFocus={(event) => event.target.select()} />
        </div>
      </div>
      <p>
        <Link to={localePath(`/applications/${reference}#token=${encodeURIComponent(accessToken)}`)}>{t('apply.follow')}</Link>
      </p>
    </section>
  );
}

/**
 * The countries by name, once hydrated: names come from `Intl`, whose data differs between the
 * server's Node and the visitor's browser, and hydration must find what the server rendered.
 */
function CountryOptions() {
  const hydrated = useHydrated();
  const { locale } = useLocale();
  const countries = useMemo(() => countryChoices(locale), [locale]);
  if (!hydrated) return null;
  return countries.map((country) => (
    <option key={country.code} value={country.code}>
      {country.name}
    </option>
  ));
}
