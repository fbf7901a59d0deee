import { type ReactNode, useId } from 'react';

/** A labelled select of plain options; an empty first option when `empty` is given. */
export function SelectField<V extends string>({
  label,
  value,
  options,
  onChange,
  empty,
  disabled,
}: {
  label: string;
  value: V | '';
  options: ReadonlyArray<{ value: V; label: string }>;
  onChange: (value: V | '') => void;
  empty?: string;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} disabled={disabled} onChange={(event) => onChange(event.target.value as V | '')}>
        {empty !== undefined && <option value="">{empty}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A labelled one-line text box. */
export function TextField({
  label,
  value,
  onChange,
  maxLength,
  type = 'text',
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  maxLength?: number;
  type?: 'text' | 'date';
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type={type} maxLength={maxLength} value={value} onChange={(event) => onChange(event.target.value)} />
    </div>
  );
}

/** Why something did not work, announced at once. */
export function Problem({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <p className="callout callout-error" role="alert">
      {children}
    </p>
  );
}

/** The next page of a list, appended below it. */
export function ShowMore({
  pageInfo,
  label,
  onMore,
}: {
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  label: string;
  onMore: (after: string | null | undefined) => unknown;
}) {
  if (!pageInfo.hasNextPage) return null;
  return (
    <button type="button" className="secondary" onClick={() => void onMore(pageInfo.endCursor)}>
      {label}
    </button>
  );
}
