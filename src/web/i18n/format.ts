/**
 * Fills a message: `{name}` takes a value as text (never HTML: React escapes it), and
 * `{count, plural, one {# bericht} other {# berichten}}` picks the form the language uses for that
 * number (Intl.PluralRules), with `#` standing for the number.
 */
export function format(template: string, values: Record<string, string | number> | undefined, locale: string): string {
  if (!values) return template;
  const plurals = new Intl.PluralRules(locale);
  const chosen = template.replace(/\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\})+)\s*\}/g, (whole, name: string, forms: string) => {
    if (!(name in values)) return whole;
    const n = Number(values[name]);
    const options = new Map([...forms.matchAll(/(=\d+|zero|one|two|few|many|other)\s*\{([^{}]*)\}/g)].map((m) => [m[1], m[2]]));
    const form = options.get(`=${n}`) ?? options.get(plurals.select(n)) ?? options.get('other') ?? whole;
    return form.replace(/#/g, String(n));
  });
  return chosen.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
