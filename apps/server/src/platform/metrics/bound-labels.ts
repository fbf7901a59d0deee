/**
 * prom-client's `inc(labels)` and `labels(...)` hash the label set on every call; on the hot path
 * (every request) each label set's child is made once and kept. The label sets must be few, as
 * every label set of a metric must be.
 */
export function boundLabels<Child>(labels: (...values: string[]) => Child): (...values: string[]) => Child {
  const children = new Map<string, Child>();
  return (...values) => {
    const key = values.join('\u0000');
    let child = children.get(key);
    if (!child) {
      child = labels(...values);
      children.set(key, child);
    }
    return child;
  };
}
