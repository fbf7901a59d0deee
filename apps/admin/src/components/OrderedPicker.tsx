import { useId, useState } from 'react';

/**
 * An ordered list chosen from options (a program's specs, its labs): add, remove, move up and
 * down with buttons, so that the order is set with the keyboard as easily as with a mouse.
 */
export function OrderedPicker({
  label,
  noun,
  options,
  value,
  onChange,
  error,
}: {
  label: string;
  /** What one item is called, for the buttons: "spec", "lab". */
  noun: string;
  options: ReadonlyArray<{ id: string; label: string }>;
  value: readonly string[];
  onChange: (value: string[]) => void;
  error?: string | null;
}) {
  const id = useId();
  const [adding, setAdding] = useState('');
  const labels = new Map(options.map((option) => [option.id, option.label]));
  const move = (index: number, by: number) => {
    const next = [...value];
    const [item] = next.splice(index, 1);
    if (item !== undefined) next.splice(index + by, 0, item);
    onChange(next);
  };
  return (
    <fieldset className="group" aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{label}</legend>
      {value.length === 0 ? (
        <p className="muted">None listed.</p>
      ) : (
        <ol className="picked">
          {value.map((itemId, index) => {
            const name = labels.get(itemId) ?? itemId;
            return (
              <li key={itemId}>
                <span>{name}</span>
                <span className="row-actions">
                  <button
                    aria-label={`Up: ${name}`}
                    type="button"
                    className="secondary"
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                  >
                    Up
                  </button>
                  <button
                    aria-label={`Down: ${name}`}
                    type="button"
                    className="secondary"
                    disabled={index === value.length - 1}
                    onClick={() => move(index, 1)}
                  >
                    Down
                  </button>
                  <button
                    aria-label={`Remove: ${name}`}
                    type="button"
                    className="secondary"
                    onClick={() => onChange(value.filter((other) => other !== itemId))}
                  >
                    Remove
                  </button>
                </span>
              </li>
            );
          })}
        </ol>
      )}
      <div className="actions">
        <div className="field">
          <label htmlFor={`${id}-add`}>Add a {noun}</label>
          <select id={`${id}-add`} value={adding} onChange={(event) => setAdding(event.target.value)}>
            <option value="">Choose…</option>
            {options
              .filter((option) => !value.includes(option.id))
              .map((option) => (
                <option key={option.id} value={option.id}>
                  {option.label}
                </option>
              ))}
          </select>
        </div>
        <button
          type="button"
          className="secondary"
          disabled={!adding}
          onClick={() => {
            onChange([...value, adding]);
            setAdding('');
          }}
        >
          Add {noun}
        </button>
      </div>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
