import { FormField } from '@certhub/web-ui/FormField';
import { type FormEvent, useState } from 'react';
import { Problem } from '../../components/fields.js';
import {
  type AttributeColumn,
  checkProductForm,
  type ProductFields,
  type ProductFormField,
  type ProductFormValues,
} from './product-form.js';

export type ProductFormErrors = Partial<Record<ProductFormField | 'general', string>>;

interface ProgramChoice {
  id: string;
  name: string;
  certifiedProductColumns: readonly AttributeColumn[];
}

/**
 * A listing's fields: the program (whose columns the form then shows), the vendor, the product and
 * its attributes; for an edit, why. Presentational: it checks what was typed and hands the checked
 * fields to `onSubmit`; the page sends them and passes back the API's errors.
 */
export function ProductForm({
  label,
  initial,
  programs,
  editing,
  errors: apiErrors,
  busy,
  submitLabel,
  onSubmit,
  children,
}: {
  label: string;
  initial: ProductFormValues;
  programs: readonly ProgramChoice[];
  /** An existing listing: a reason is asked for; a new program or vendor moves it (its address stays). */
  editing: boolean;
  errors: ProductFormErrors;
  busy: boolean;
  submitLabel: string;
  onSubmit: (fields: ProductFields, values: ProductFormValues) => void;
  /** Below the fields, before the buttons: the page's conflict or confirmation. */
  children?: React.ReactNode;
}) {
  const [values, setValues] = useState(initial);
  const [checkErrors, setCheckErrors] = useState<ProductFormErrors>({});
  const errors = { ...apiErrors, ...checkErrors };
  const program = programs.find((candidate) => candidate.id === values.programId);
  const columns = program?.certifiedProductColumns ?? [];
  const set = (changes: Partial<ProductFormValues>) => {
    setValues({ ...values, ...changes });
    setCheckErrors({});
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkProductForm(values, columns);
    if (!checked.ok) {
      setCheckErrors({ [checked.field]: checked.message });
      document.querySelector<HTMLElement>(`form [name="${CSS.escape(checked.field)}"]`)?.focus();
      return;
    }
    onSubmit(checked.fields, values);
  };

  const text = (field: 'vendorName' | 'vendorUrl' | 'name' | 'reason', fieldLabel: string, hint?: string) => (
    <FormField label={fieldLabel} hint={hint} error={errors[field]}>
      {(props) => (
        <input
          {...props}
          name={field}
          type={field === 'vendorUrl' ? 'url' : 'text'}
          value={values[field]}
          onChange={(event) => set({ [field]: event.target.value })}
        />
      )}
    </FormField>
  );

  return (
    <form className="form wide" onSubmit={submit} noValidate aria-label={label}>
      <FormField label="Program" error={errors.programId}>
        {(props) => (
          <select
            {...props}
            name="programId"
            value={values.programId}
            onChange={(event) => set({ programId: event.target.value })}
          >
            <option value="">Choose…</option>
            {programs.map((choice) => (
              <option key={choice.id} value={choice.id}>
                {choice.name}
              </option>
            ))}
          </select>
        )}
      </FormField>
      {text(
        'vendorName',
        'Vendor',
        editing
          ? 'Another name moves the listing to that vendor (a new vendor if none has it); its address stays.'
          : 'An existing vendor of that name is reused; a new name makes a new vendor.',
      )}
      {text('vendorUrl', "Vendor's website", editing ? 'Optional: for a new vendor only.' : 'Optional. From https://.')}
      {text('name', 'Product name', 'As the program lists it, without the vendor (for example "Mediant 500 E-SBC").')}
      {columns.length > 0 && (
        <fieldset className="group">
          <legend>{program?.name} columns</legend>
          {columns.map((column) => (
            <AttributeField
              key={column.name}
              column={column}
              value={values.attributes[column.name] ?? ''}
              error={errors[`attributes.${column.name}`]}
              onChange={(value) => set({ attributes: { ...values.attributes, [column.name]: value } })}
            />
          ))}
        </fieldset>
      )}
      {editing && text('reason', 'Reason (for the audit log)', 'Optional: why the listing changes.')}
      <Problem>{errors.general}</Problem>
      {children}
      <div className="actions">
        <button type="submit" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}

function AttributeField({
  column,
  value,
  error,
  onChange,
}: {
  column: AttributeColumn;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}) {
  const name = `attributes.${column.name}`;
  // A yes/no cell with one line is a tick box; one with several lines (one per version) stays text.
  if (column.kind === 'YES_NO' && !value.includes('\n')) {
    return (
      <div className="field">
        <label className="choice">
          <input
            type="checkbox"
            name={name}
            checked={value.trim() === 'yes'}
            onChange={(event) => onChange(event.target.checked ? 'yes' : 'no')}
          />{' '}
          {column.name}
        </label>
        {error && <p className="field-error">{error}</p>}
      </div>
    );
  }
  const hint = { TEXT: undefined, VERSIONS: 'One version a line.', YES_NO: '"yes" or "no", one a line.' }[column.kind];
  return (
    <FormField label={column.name} hint={hint} error={error}>
      {(props) =>
        column.kind !== 'TEXT' ? (
          <textarea {...props} name={name} rows={2} value={value} onChange={(event) => onChange(event.target.value)} />
        ) : (
          <input {...props} name={name} value={value} onChange={(event) => onChange(event.target.value)} />
        )
      }
    </FormField>
  );
}
