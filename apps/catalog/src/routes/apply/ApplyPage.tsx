import { useMutation, useQuery } from '@apollo/client/react';
import { ADMISSION_STATUS_NEXT_STEPS, acceptsApplications } from '@certhub/domain/admission-status';
import { FormField } from '@certhub/web-ui/FormField';
import { LoadError, Loading } from '@certhub/web-ui/QueryState';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { RequiresJavaScript } from '../../components/RequiresJavaScript.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { graphql } from '../../gql/index.js';
import { useHydrated } from '../../page-head/hydration.js';
import { NotFoundPage } from '../NotFoundPage.js';
import {
  type ApplicationFormValues,
  COUNTRY_CHOICES,
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
  const { slug = '' } = useParams();
  const { data, error, refetch } = useQuery(ApplyPageQuery, { variables: { slug } });
  usePageTitle(data?.program ? `Apply to ${data.program.name}` : 'Apply');
  if (error && !data) return <LoadError what="the application form" error={error} retry={refetch} />;
  if (!data) return <Loading what="the application form" />;
  if (!data.program) return <NotFoundPage />;
  const { program, requirements } = data;

  if (!acceptsApplications(program.admissionStatus)) {
    return (
      <section className="page">
        <h1>Apply to {program.name}</h1>
        <p>{ADMISSION_STATUS_NEXT_STEPS[program.admissionStatus]}</p>
        <p>
          <Link to={`/programs/${program.slug}`}>Back to {program.name}</Link>
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
  const localErrors = validateApplication(values, requirementIds);
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
      setServerErrors(serverErrorsOf(error));
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
      <h1>Apply to {program.name}</h1>
      <p className="lead">
        The program reviews each application and may ask for more information. You will get a reference and an access token to
        follow your application here.
      </p>
      {serverErrors.general && (
        <div className="callout callout-error" role="alert" tabIndex={-1}>
          <p>{serverErrors.general}</p>
        </div>
      )}
      <RequiresJavaScript what="Applying" />
      <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate>
        {text('companyName', 'Company name', { autoComplete: 'organization' })}
        {text('companyWebsite', 'Company website', {
          type: 'url',
          hint: 'The full address, such as https://example.com',
          autoComplete: 'url',
        })}
        <FormField label="Headquarters country" error={errorOf('headquartersCountry')}>
          {(props) => (
            <select
              {...props}
              value={values.headquartersCountry}
              onChange={(event) => update('headquartersCountry', event.target.value)}
              onBlur={() => touch('headquartersCountry')}
            >
              <option value="">Choose a country</option>
              <CountryOptions />
            </select>
          )}
        </FormField>
        {text('contactName', 'Contact name', { autoComplete: 'name' })}
        {text('contactEmail', 'Contact email', { type: 'email', autoComplete: 'email' })}
        {text('contactPhone', 'Contact phone (optional)', {
          type: 'tel',
          hint: 'With the country code, such as +49 30 1234567',
          autoComplete: 'tel',
        })}
        {text('productSummary', 'Product summary', { multiline: true, hint: 'What the product is and who uses it.' })}
        {text('message', 'Message to the program', { multiline: true, hint: 'Why your company should be admitted.' })}

        <fieldset
          className="attestations"
          aria-describedby={errorOf('attestedRequirementIds') ? 'attestations-error' : undefined}
        >
          <legend>Confirm that your company meets every general requirement</legend>
          {requirements.map((requirement) => (
            <label key={requirement.id} className="checkbox">
              <input
                type="checkbox"
                checked={values.attestedRequirementIds.includes(requirement.id)}
                onChange={(event) => toggleRequirement(requirement.id, event.target.checked)}
              />
              <span>{requirement.text}</span>
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
          <label htmlFor="website-confirmation">Leave this empty</label>
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
            {loading ? 'Sending…' : 'Send application'}
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
  usePageTitle(`Application ${reference} sent`);
  return (
    <section className="page">
      <h1>Application sent</h1>
      <div className="callout" role="status">
        <p>
          Your application to {programName} was received. Its reference is <strong>{reference}</strong>.
        </p>
        <p>
          <strong>Keep this access token:</strong> it is shown only now, and with the reference it is the only way to follow your
          application. It is not sent by email.
        </p>
        <div className="field">
          <label htmlFor="access-token">Access token</label>
          <input id="access-token" className="code" readOnly value={accessToken} onFocus={(event) => event.target.select()} />
        </div>
      </div>
      <p>
        <Link to={`/applications/${reference}#token=${encodeURIComponent(accessToken)}`}>Follow your application</Link>
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
  if (!hydrated) return null;
  return COUNTRY_CHOICES.map((country) => (
    <option key={country.code} value={country.code}>
      {country.name}
    </option>
  ));
}
