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

const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/**
 * A file size as people read it: "980 bytes", "12 kB", "2,3 MB" (steps of 1024, one decimal below
 * ten, the language's own decimal sign).
 */
export function formatBytes(bytes: number, locale: string): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit > 0 && value < 10 ? 1 : 0;
  // Rounded down, so a limit is never shown larger than it is.
  const shown = Math.floor(value * 10 ** digits) / 10 ** digits;
  return new Intl.NumberFormat(locale, { style: 'unit', unit: BYTE_UNITS[unit], unitDisplay: unit === 0 ? 'long' : 'short', maximumFractionDigits: digits }).format(shown);
}
