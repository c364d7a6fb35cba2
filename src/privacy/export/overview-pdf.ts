import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import PDFDocument from 'pdfkit';
import { NETHERLANDS_TIME_ZONE } from '../../shared/dates.js';
import { PDF_COLOURS as COLOURS } from '../../common/pdf.js';

type Doc = InstanceType<typeof PDFDocument>;

const MARGIN = 50;

/**
 * pdfkit's built-in fonts know WinAnsi only: characters beyond it (emoji, other scripts) are shown as
 * "?" in the readable overview. data.json keeps every character as it was.
 */
const NOT_WIN_ANSI = /[^\n\t\x20-\x7e\xa0-\xff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]/gu;
export function printable(text: string): string {
  // Most text needs nothing: test first, so the common case allocates no new string.
  NOT_WIN_ANSI.lastIndex = 0;
  if (!NOT_WIN_ANSI.test(text)) return text;
  return text.replace(NOT_WIN_ANSI, (ch) => (ch.codePointAt(0)! < 0x20 ? ' ' : '?'));
}

const DUTCH_TIME = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeStyle: 'short', timeZone: NETHERLANDS_TIME_ZONE });
/** An instant as a Dutch date and time in the Netherlands, for the overview ("5 december 2026 om 14:03"). */
export function dutchTime(iso: string | Date | null | undefined): string {
  if (!iso) return '–';
  return DUTCH_TIME.format(new Date(iso));
}

/**
 * The readable overview (`overzicht.pdf`), written to a file as it grows: pdfkit hands each finished
 * page to the stream, so a long history does not pile up in memory.
 */
export class OverviewPdf {
  private readonly doc: Doc;
  private readonly done: Promise<void>;

  constructor(path: string, title: string) {
    this.doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: title, Author: 'Eenverhaal' }, lang: 'nl-NL', pdfVersion: '1.7', tagged: false, compress: false });
    const out = createWriteStream(path, { mode: 0o600 });
    this.doc.pipe(out);
    this.done = finished(out);
  }

  private get width(): number {
    return this.doc.page.width - 2 * MARGIN;
  }

  private ensure(height: number): void {
    if (this.doc.y + height > this.doc.page.height - MARGIN) this.doc.addPage();
  }

  title(text: string, subtitle: string): void {
    this.doc.font('Helvetica-Bold').fontSize(20).fillColor(COLOURS.head).text(printable(text), MARGIN, MARGIN, { width: this.width });
    this.doc.moveDown(0.3).font('Helvetica').fontSize(10.5).fillColor(COLOURS.muted).text(printable(subtitle), { width: this.width });
    this.doc.moveDown(0.8);
  }

  heading(text: string): void {
    this.ensure(70);
    this.doc.moveDown(0.6).font('Helvetica-Bold').fontSize(15).fillColor(COLOURS.head).text(printable(text), MARGIN, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3);
  }

  subheading(text: string): void {
    this.ensure(50);
    this.doc.moveDown(0.4).font('Helvetica-Bold').fontSize(12).fillColor(COLOURS.text).text(printable(text), MARGIN, this.doc.y, { width: this.width });
    this.doc.moveDown(0.2);
  }

  paragraph(text: string): void {
    this.ensure(30);
    this.doc.font('Helvetica').fontSize(10.5).fillColor(COLOURS.text).text(printable(text), MARGIN, this.doc.y, { width: this.width, lineGap: 2 });
    this.doc.moveDown(0.3);
  }

  /** A label and a value on one line: "Status: gesloten". */
  field(label: string, value: string): void {
    this.ensure(20);
    this.doc.font('Helvetica-Bold').fontSize(10).fillColor(COLOURS.text).text(`${printable(label)}: `, MARGIN, this.doc.y, { continued: true, width: this.width })
      .font('Helvetica').text(printable(value));
  }

  /** One entry of a list: a small grey line (who, when) and the text. */
  entry(meta: string, text: string): void {
    this.ensure(36);
    this.doc.font('Helvetica').fontSize(8.5).fillColor(COLOURS.muted).text(printable(meta), MARGIN, this.doc.y, { width: this.width });
    if (text) this.doc.font('Helvetica').fontSize(10).fillColor(COLOURS.text).text(printable(text), MARGIN, this.doc.y, { width: this.width, lineGap: 1 });
    this.doc.moveDown(0.25);
  }

  muted(text: string): void {
    this.ensure(20);
    this.doc.font('Helvetica-Oblique').fontSize(9.5).fillColor(COLOURS.muted).text(printable(text), MARGIN, this.doc.y, { width: this.width });
    this.doc.moveDown(0.2);
  }

  async finish(): Promise<void> {
    this.doc.end();
    await this.done;
  }
}
