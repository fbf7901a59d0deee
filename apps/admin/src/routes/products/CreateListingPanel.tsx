import { useMutation } from '@apollo/client/react';
import { errorsOf } from '@certhub/web-ui/errors';
import { FormField } from '@certhub/web-ui/FormField';
import { type FormEvent, useId, useState } from 'react';
import { Link } from 'react-router';
import { type FragmentType, getFragmentData, graphql } from '../../gql/index.js';
import { listingPath } from './listing-path.js';

export const CreateListingPanelApplication = graphql(`
  fragment CreateListingPanel_application on Application {
    id
    status
    companyName
    program {
      id
      name
    }
  }
`);

const CreateListingFromApplication = graphql(`
  mutation CreateListingFromApplication($input: CreateCertifiedProductFromApplicationInput!) {
    createCertifiedProductFromApplication(input: $input) {
      id
      slug
      name
      vendor {
        id
        slug
        name
      }
      program {
        id
        slug
      }
    }
  }
`);

/**
 * An onboarded vendor's product goes into the program's directory: the vendor comes from the
 * application (name and website); staff name the product, then complete the listing's columns on
 * its own screen. Shown only once the application is ONBOARDED.
 */
export function CreateListingPanel({ application }: { application: FragmentType<typeof CreateListingPanelApplication> }) {
  const id = useId();
  const { id: applicationId, status, companyName, program } = getFragmentData(CreateListingPanelApplication, application);
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [created, setCreated] = useState<{ path: string; label: string } | null>(null);
  const [create, { loading }] = useMutation(CreateListingFromApplication);
  if (status !== 'ONBOARDED') return null;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (!name.trim()) {
      setProblem("Enter the product's name as the program will list it.");
      return;
    }
    try {
      const { data } = await create({ variables: { input: { applicationId, name: name.trim() } } });
      const product = data?.createCertifiedProductFromApplication;
      if (product) setCreated({ path: listingPath(product), label: `${product.vendor.name} ${product.name}` });
      setName('');
    } catch (failure) {
      setProblem(errorsOf(failure)[0]?.message ?? 'The listing was not created.');
    }
  };

  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>List the certified product</h2>
      <p className="muted">
        {companyName} is onboarded to {program.name}. Add its product to the program's certified products: the vendor is taken
        from this application.
      </p>
      <form className="actions" onSubmit={(event) => void onSubmit(event)} noValidate>
        <FormField label="Product name" error={problem}>
          {(props) => <input {...props} value={name} maxLength={200} onChange={(event) => setName(event.target.value)} />}
        </FormField>
        <button type="submit" disabled={loading}>
          Create the listing
        </button>
      </form>
      <div role="status" aria-live="polite">
        {created && (
          <p className="callout">
            Listed: <Link to={created.path}>{created.label}</Link>. Complete its columns there.
          </p>
        )}
      </div>
    </section>
  );
}
