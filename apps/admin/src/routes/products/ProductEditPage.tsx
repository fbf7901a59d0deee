import { useMutation, useQuery } from '@apollo/client/react';
import { errorsOf } from '@certhub/web-ui/errors';
import { TextField } from '@certhub/web-ui/fields';
import { LoadError, Loading } from '@certhub/web-ui/QueryState';
import { type FormEvent, useId, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Announcer } from '../../components/Announcer.js';
import { formatDate } from '../../components/format.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { type FragmentType, getFragmentData, graphql } from '../../gql/index.js';
import { ListingBadge } from './ListingBadge.js';
import { listingPath } from './listing-path.js';
import { ProductForm, type ProductFormErrors } from './ProductForm.js';
import {
  EMPTY_PRODUCT,
  formFieldOf,
  listingDifferences,
  type ProductFields,
  type ProductFormValues,
  valuesOf,
} from './product-form.js';

export const ProductEditPage_product = graphql(`
  fragment ProductEditPage_product on CertifiedProduct {
    id
    slug
    name
    version
    status
    listedSince
    withdrawnAt
    vendor {
      id
      name
      slug
      url
    }
    program {
      id
      name
      slug
    }
    attributes {
      name
      values
    }
  }
`);

const ProductEditPageQuery = graphql(`
  query ProductEditPage($slug: String!, $creating: Boolean!) {
    certifiedProduct(slug: $slug) @skip(if: $creating) {
      ...ProductEditPage_product
    }
    programs(first: 100) {
      edges {
        node {
          id
          slug
          name
          certifiedProductColumns {
            name
            kind
          }
        }
      }
    }
  }
`);

const CreateCertifiedProduct = graphql(
  `mutation CreateCertifiedProduct($input: CreateCertifiedProductInput!) { createCertifiedProduct(input: $input) { ...ProductEditPage_product } }`,
);

const UpdateCertifiedProduct = graphql(
  `mutation UpdateCertifiedProduct($input: UpdateCertifiedProductInput!) { updateCertifiedProduct(input: $input) { ...ProductEditPage_product } }`,
);

const WithdrawCertifiedProduct = graphql(
  `mutation WithdrawCertifiedProduct($input: SetCertifiedProductStatusInput!) { withdrawCertifiedProduct(input: $input) { ...ProductEditPage_product } }`,
);

const RelistCertifiedProduct = graphql(
  `mutation RelistCertifiedProduct($input: SetCertifiedProductStatusInput!) { relistCertifiedProduct(input: $input) { ...ProductEditPage_product } }`,
);

type EditedProduct = ReturnType<typeof editedProduct>;
const editedProduct = (product: FragmentType<typeof ProductEditPage_product>) =>
  getFragmentData(ProductEditPage_product, product);

const isConflict = (error: unknown) => errorsOf(error).some((problem) => problem.code === 'CONFLICT');

/**
 * A certified product's listing: add one, or edit it, withdraw it or list it again. Every save
 * carries the version the form was loaded at; if someone else saved meanwhile, nothing is saved
 * and the screen shows what they changed.
 */
export function ProductEditPage() {
  const { slug } = useParams();
  const creating = !slug;
  const navigate = useNavigate();
  const { data, loading, error, refetch } = useQuery(ProductEditPageQuery, { variables: { slug: slug ?? '', creating } });
  const product = data?.certifiedProduct ? editedProduct(data.certifiedProduct) : null;
  usePageTitle(creating ? 'New listing' : product ? `${product.vendor.name} ${product.name}` : 'Listing');
  const [errors, setErrors] = useState<ProductFormErrors>({});
  const [saved, setSaved] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{
    mine: ProductFields;
    seen: ProductFormValues;
    seenStatus: string;
    theirs: EditedProduct;
  } | null>(null);
  // Loading theirs after a conflict starts the form again from what is saved now.
  const [formGeneration, setFormGeneration] = useState(0);
  const [createProduct, createState] = useMutation(CreateCertifiedProduct);
  const [updateProduct, updateState] = useMutation(UpdateCertifiedProduct);

  if (error && !data) return <LoadError what="the listing" error={error} retry={refetch} />;
  if (!data) return <Loading what="the listing" />;
  if (!creating && !product) {
    return (
      <section aria-labelledby="missing-heading">
        <h1 id="missing-heading">No such listing</h1>
        <p>
          No certified product has this address. <Link to="/products">Go to the certified products</Link>.
        </p>
      </section>
    );
  }
  const programs = data.programs.edges.map((edge) => edge.node);

  const save = async (fields: ProductFields, seen: ProductFormValues, expectedVersion?: number) => {
    setErrors({});
    setSaved(null);
    setConflict(null);
    const { programId, vendorName, vendorUrl, name, attributes, reason } = fields;
    try {
      if (!product) {
        const { data: created } = await createProduct({
          variables: { input: { programId, vendorName, vendorUrl, name, attributes } },
        });
        if (created) navigate(listingPath(editedProduct(created.createCertifiedProduct)), { replace: true });
        return;
      }
      // Program and vendor are sent only when they change: a change moves the listing (its address stays).
      const moves = {
        programId: programId !== product.program.id ? programId : null,
        vendorName: vendorName !== product.vendor.name ? vendorName : null,
        vendorUrl: vendorName !== product.vendor.name ? vendorUrl : null,
      };
      const { data: updated } = await updateProduct({
        variables: {
          input: {
            productId: product.id,
            expectedVersion: expectedVersion ?? product.version,
            name,
            attributes,
            reason,
            ...moves,
          },
        },
      });
      if (updated) {
        const fresh = editedProduct(updated.updateCertifiedProduct);
        setSaved(`Saved: ${fresh.vendor.name} ${fresh.name} is at version ${fresh.version}.`);
      }
    } catch (failure) {
      if (product && isConflict(failure)) {
        // What they saved, read afresh: the screen says what changed and lets staff choose.
        const { data: current } = await refetch();
        const theirs = current?.certifiedProduct ? editedProduct(current.certifiedProduct) : null;
        if (theirs) setConflict({ mine: fields, seen, seenStatus: product.status, theirs });
        else setErrors({ general: 'Someone else removed this listing meanwhile.' });
        return;
      }
      const [first] = errorsOf(failure);
      setErrors({ [formFieldOf(first?.field ?? null, attributes) ?? 'general']: first?.message ?? 'The listing was not saved.' });
    }
  };

  return (
    <section aria-labelledby="product-heading" aria-busy={loading}>
      <p>
        <Link to="/products">← Certified products</Link>
      </p>
      <div className="page-heading">
        <h1 id="product-heading">{product ? `${product.vendor.name} ${product.name}` : 'New listing'}</h1>
        {product && <ListingBadge status={product.status} />}
      </div>
      {product && (
        <p className="actions">
          <a href={listingPath(product)}>See it on the public site</a>
          <Link to={`/audit?entityType=CertifiedProduct&entityId=${encodeURIComponent(product.id)}`}>
            Its history in the audit log
          </Link>
        </p>
      )}
      <ProductForm
        key={`${product?.id ?? 'new'}#${formGeneration}`}
        label={product ? 'Edit the listing' : 'New listing'}
        initial={product ? valuesOf(product) : EMPTY_PRODUCT}
        programs={programs}
        editing={Boolean(product)}
        errors={errors}
        busy={createState.loading || updateState.loading}
        submitLabel={product ? 'Save changes' : 'Add listing'}
        onSubmit={(fields, values) => void save(fields, product ? valuesOf(product) : values)}
      >
        {conflict && product && (
          <div className="conflict" role="alert">
            <h2>Someone else changed this listing meanwhile</h2>
            <p>Nothing was saved. What they changed (now version {conflict.theirs.version}):</p>
            <ul>
              {listingDifferences(conflict.seen, valuesOf(conflict.theirs)).map((difference) => (
                <li key={difference.label}>
                  {difference.label}: {difference.before} → {difference.after}
                </li>
              ))}
              {conflict.theirs.status !== conflict.seenStatus && (
                <li>
                  Status: <ListingBadge status={conflict.theirs.status} />
                </li>
              )}
            </ul>
            <div className="actions">
              <button type="button" onClick={() => void save(conflict.mine, conflict.seen, conflict.theirs.version)}>
                Save mine over theirs
              </button>
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  setConflict(null);
                  setFormGeneration(formGeneration + 1);
                }}
              >
                Load theirs (drops my edits)
              </button>
            </div>
          </div>
        )}
      </ProductForm>
      <Announcer>{saved && <p className="callout">{saved}</p>}</Announcer>
      {product && <WithdrawOrRelist product={product} />}
    </section>
  );
}

/** Takes a listing off the directory (it stays, marked withdrawn with the date), or lists it again, with a reason. */
function WithdrawOrRelist({ product }: { product: EditedProduct }) {
  const id = useId();
  const withdrawn = product.status === 'WITHDRAWN';
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [withdraw, withdrawState] = useMutation(WithdrawCertifiedProduct);
  const [relist, relistState] = useMutation(RelistCertifiedProduct);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const input = { productId: product.id, expectedVersion: product.version, reason: reason.trim() || null };
    try {
      if (withdrawn) await relist({ variables: { input } });
      else await withdraw({ variables: { input } });
      setReason('');
      setMessage({
        text: withdrawn
          ? 'Listed again: the public site shows it as certified.'
          : 'Withdrawn: the public site shows it as withdrawn, with today’s date.',
        error: false,
      });
    } catch (failure) {
      setMessage({
        text: isConflict(failure)
          ? 'Someone else changed this listing meanwhile: reload the page to see it, then try again.'
          : (errorsOf(failure)[0]?.message ?? 'Nothing changed.'),
        error: true,
      });
    }
  };

  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{withdrawn ? 'List it again' : 'Withdraw the listing'}</h2>
      <p className="muted">
        {withdrawn
          ? `Withdrawn${product.withdrawnAt ? ` on ${formatDate(product.withdrawnAt)}` : ''}. Listing it again shows it as certified from today.`
          : `Listed since ${formatDate(product.listedSince)}. A withdrawn listing stays on the public site, marked withdrawn with the date; it is never deleted.`}
      </p>
      <form className="actions" onSubmit={(event) => void onSubmit(event)}>
        <TextField label="Reason (for the audit log)" maxLength={1000} value={reason} onChange={setReason} />
        <button
          type="submit"
          className={withdrawn ? undefined : 'secondary'}
          disabled={withdrawState.loading || relistState.loading}
        >
          {withdrawn ? 'List again' : 'Withdraw listing'}
        </button>
      </form>
      <div role="status" aria-live="polite">
        {message && <p className={message.error ? 'callout callout-error' : 'callout'}>{message.text}</p>}
      </div>
    </section>
  );
}
