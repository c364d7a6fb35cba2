import type { MonthlyReport } from './monthly-report.js';
import { RESULT_LABELS } from './report-labels.js';
import { figureRows } from './report-rows.js';

const HEADER = ['sleutel', 'omschrijving', 'waarde', 'vorige_maand', 'verschil'];

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, or line break; quotes doubled. Text
 * that a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) gets a leading
 * apostrophe; numbers stay numbers.
 */
export function csvField(value: unknown, separator: ',' | ';' = ','): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  const needsQuotes = /["\r\n]/.test(text) || text.includes(separator);
  return needsQuotes ? `"${text.replace(/"/g, '""')}"` : text;
}

function line(fields: unknown[], separator: ',' | ';'): string {
  return fields.map((f) => csvField(f, separator)).join(separator);
}

/**
 * The report as CSV: a header, then one row per figure (key, Dutch label, value, previous month,
 * change); CRLF line ends. `semicolon`: `;` between fields and a UTF-8 BOM, so Excel with Dutch
 * settings opens it as columns (the default comma version is plain RFC 4180).
 */
export function monthlyReportCsv(report: MonthlyReport, separator: 'comma' | 'semicolon' = 'comma'): string {
  const sep = separator === 'semicolon' ? ';' : ',';
  const lines = [line(HEADER, sep)];
  for (const row of figureRows(report)) lines.push(line([row.key, row.label, row.value, row.previous, row.change], sep));
  // The month's notes only in the team's own report (a published report has none).
  (report.results.notes ?? []).forEach((n, i) => {
    lines.push(line([`results.notes.${i + 1}`, `Toelichting (${n.date}, ${RESULT_LABELS[n.kind] ?? n.kind})`, n.note, null, null], sep));
  });
  return `${separator === 'semicolon' ? '\ufeff' : ''}${lines.join('\r\n')}\r\n`;
}
