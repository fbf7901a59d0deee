import { ATTRIBUTE_VALUE_MAX_LENGTH, CertifiedProductChanges, NewCertifiedProduct } from '@certhub/domain/directory-edit';
import { parseWithoutEval } from '@certhub/domain/zod-setup';
import { z } from 'zod';

parseWithoutEval();

/** A program's declared column, which the form shows as one field. */
export interface AttributeColumn {
  name: string;
  kind: 'TEXT' | 'YES_NO' | 'VERSIONS';
}

/**
 * The listing form's fields as the form holds them: text boxes hold strings; a yes/no column "yes"
 * or "no" a line (the API's values), versions one a line.
 */
export interface ProductFormValues {
  programId: string;
  vendorName: string;
  vendorUrl: string;
  name: string;
  /** By column name: the cell's lines, one a line. */
  attributes: Record<string, string>;
  /** Why, for the audit trail (edits only). */
  reason: string;
}

export type ProductFormField = Exclude<keyof ProductFormValues, 'attributes'> | `attributes.${string}`;

export const EMPTY_PRODUCT: ProductFormValues = {
  programId: '',
  vendorName: '',
  vendorUrl: '',
  name: '',
  attributes: {},
  reason: '',
};

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/**
 * What the API takes, checked by the rules the server applies (`@certhub/domain/directory-edit`):
 * the first field at fault and why, as the server would say it.
 */
export const ProductFormSchema = z.object({
  programId: z.string().min(1, 'Choose the program the product is certified for.'),
  vendorName: NewCertifiedProduct.shape.vendorName,
  vendorUrl: NewCertifiedProduct.shape.vendorUrl.transform((url) => url ?? null),
  name: NewCertifiedProduct.shape.name,
  reason: CertifiedProductChanges.shape.reason.transform((reason) => reason || null),
});

export type ProductFields = z.output<typeof ProductFormSchema> & { attributes: Array<{ name: string; values: string[] }> };

export type ProductFormCheck = { ok: true; fields: ProductFields } | { ok: false; field: ProductFormField; message: string };

/**
 * Checks the form before sending. The program's columns decide the attributes, each as its lines:
 * a yes/no column "yes" or "no" (one a line when the cell has several), empty columns left out.
 */
export function checkProductForm(values: ProductFormValues, columns: readonly AttributeColumn[]): ProductFormCheck {
  const checked = ProductFormSchema.safeParse(values);
  if (!checked.success) {
    const [issue] = checked.error.issues;
    return { ok: false, field: (issue?.path.join('.') ?? 'name') as ProductFormField, message: issue?.message ?? 'Not valid.' };
  }
  const attributes = columns.flatMap((column) => {
    const cell = lines(values.attributes[column.name] ?? '');
    if (column.kind === 'YES_NO') return [{ name: column.name, values: cell.length ? cell : ['no'] }];
    return cell.length ? [{ name: column.name, values: cell }] : [];
  });
  for (const attribute of attributes) {
    const column = columns.find((candidate) => candidate.name === attribute.name);
    if (column?.kind === 'YES_NO' && attribute.values.some((value) => value !== 'yes' && value !== 'no')) {
      return { ok: false, field: `attributes.${attribute.name}`, message: 'Tick it, or leave it unticked.' };
    }
    if (attribute.values.some((value) => value.length > ATTRIBUTE_VALUE_MAX_LENGTH)) {
      return {
        ok: false,
        field: `attributes.${attribute.name}`,
        message: `Keep each line to ${ATTRIBUTE_VALUE_MAX_LENGTH} characters at most.`,
      };
    }
  }
  return { ok: true, fields: { ...checked.data, attributes } };
}

/** A listing as the form holds it. */
export function valuesOf(product: {
  name: string;
  vendor: { name: string; url?: string | null };
  program: { id: string };
  attributes: ReadonlyArray<{ name: string; values: readonly string[] }>;
}): ProductFormValues {
  return {
    programId: product.program.id,
    vendorName: product.vendor.name,
    vendorUrl: product.vendor.url ?? '',
    name: product.name,
    attributes: Object.fromEntries(product.attributes.map((attribute) => [attribute.name, attribute.values.join('\n')])),
    reason: '',
  };
}

/**
 * The form field an API error names, if the form has it: `input.name`, or `input.attributes.1.values`
 * for the second attribute sent, which the form knows by its column's name.
 */
export function formFieldOf(
  apiField: string | null,
  sentAttributes: ReadonlyArray<{ name: string }> = [],
): ProductFormField | null {
  const name = apiField?.replace(/^input\./, '') ?? '';
  const attribute = /^attributes\.(\d+)/.exec(name);
  if (attribute) {
    const column = sentAttributes[Number(attribute[1])];
    return column ? `attributes.${column.name}` : null;
  }
  return name in EMPTY_PRODUCT && name !== 'attributes' ? (name as ProductFormField) : null;
}

/**
 * What someone else changed, between the listing as this form loaded it and as it is now: the
 * conflict screen's list, field by field, in words.
 */
export function listingDifferences(
  seen: ProductFormValues,
  now: ProductFormValues,
): Array<{ label: string; before: string; after: string }> {
  const shown = (value: string | undefined) => (value?.trim() ? value.trim().replaceAll('\n', ', ') : 'None');
  const fields: Array<[string, string, string]> = [
    ['Product name', seen.name, now.name],
    ['Vendor', seen.vendorName, now.vendorName],
    ["Vendor's website", seen.vendorUrl, now.vendorUrl],
  ];
  const names = new Set([...Object.keys(seen.attributes), ...Object.keys(now.attributes)]);
  for (const name of names) fields.push([name, seen.attributes[name] ?? '', now.attributes[name] ?? '']);
  return fields
    .filter(([, before, after]) => before !== after)
    .map(([label, before, after]) => ({ label, before: shown(before), after: shown(after) }));
}
