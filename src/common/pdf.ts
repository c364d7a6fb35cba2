import type PDFDocument from 'pdfkit';
import { NETHERLANDS_TIME_ZONE } from '../shared/dates.js';

/** The colours every PDF of Eenverhaal is drawn in. */
export const PDF_COLOURS = { text: '#1a1a1a', muted: '#555555', head: '#154273', rule: '#cccccc' } as const;

/** The whole document once pdfkit ends it (call before `doc.end()`). */
export function pdfBuffer(doc: InstanceType<typeof PDFDocument>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

const DUTCH_DATE = new Intl.DateTimeFormat('nl-NL', { timeZone: NETHERLANDS_TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });

/** An instant as a Dutch calendar day in the Netherlands: "6 december 2026". */
export function dutchDate(instant: string | Date): string {
  return DUTCH_DATE.format(new Date(instant));
}
