/** The sources of each directive of a Content-Security-Policy header (none: an empty map), as tests compare them. */
export function policyDirectives(policy: string | null): Map<string, string[]> {
  return new Map(
    (policy ?? '').split(';').map((directive) => {
      const [name = '', ...values] = directive.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
}
