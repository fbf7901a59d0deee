import { useId } from 'react';

/** A labelled select of plain options; an empty first option when `empty` is given. */
export function SelectField<V extends string>({
  label,
  name,
  value,
  options,
  onChange,
  empty,
  disabled,
}: {
  label: string;
  /** The parameter it is sent as when its form is submitted without JavaScript. */
  name?: string;
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
      <select id={id} name={name} value={value} disabled={disabled} onChange={(event) => onChange(event.target.value as V | '')}>
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
