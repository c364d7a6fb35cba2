import PDFDocument from 'pdfkit';
import { PDF_COLOURS, pdfBuffer } from '../common/pdf.js';
import type { Count, MonthlyReport } from './monthly-report.js';
import {
  CUSTODY_LABELS, DESIRED_LABELS, dutchMonth, GOAL_OWNER_LABELS, GOAL_STATUS_LABELS, HOUSEHOLD_LABELS, REASON_LABELS, REGISTRANT_TYPE_LABELS, RESULT_LABELS,
  ROUTE_LABELS, SUPPORT_LABELS,
} from './report-labels.js';

type Doc = InstanceType<typeof PDFDocument>;

const MARGIN = 50;
const COLOURS = { ...PDF_COLOURS, bar: '#01689b', barAlt: '#8fcae7' };
const SHORT_MONTHS = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

interface Bar { label: string; value: Count }

function num(value: Count | number | null | undefined): number {
  return typeof value === 'number' ? value : 0;
}

function show(value: Count | number | null | undefined, suffix = ''): string {
  if (value === null || value === undefined) return '–';
  return typeof value === 'number' ? `${value.toLocaleString('nl-NL')}${suffix}` : value;
}

function signed(value: Count | number | null | undefined, suffix = ''): string {
  if (typeof value !== 'number') return show(value);
  return `${value > 0 ? '+' : ''}${value.toLocaleString('nl-NL')}${suffix}`;
}

class ReportWriter {
  constructor(private readonly doc: Doc) {}

  private get width(): number {
    return this.doc.page.width - 2 * MARGIN;
  }

  /** Starts a new page when fewer than `height` points are left. */
  ensure(height: number): void {
    if (this.doc.y + height > this.doc.page.height - MARGIN - 20) this.doc.addPage();
  }

  heading(text: string): void {
    this.ensure(80);
    this.doc.moveDown(0.8).font('Helvetica-Bold').fontSize(15).fillColor(COLOURS.head).text(text, MARGIN, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3);
  }

  paragraph(text: string): void {
    this.ensure(40);
    this.doc.font('Helvetica').fontSize(10.5).fillColor(COLOURS.text).text(text, MARGIN, this.doc.y, { width: this.width, lineGap: 2 });
    this.doc.moveDown(0.5);
  }

  /** A table with a header row; the first column is text, the others right-aligned figures. */
  table(header: string[], rows: string[][], firstColumnShare = 0.55): void {
    const rowHeight = 17;
    this.ensure(rowHeight * Math.min(rows.length + 1, 8));
    const first = this.width * firstColumnShare;
    const other = (this.width - first) / Math.max(1, header.length - 1);
    const columnX = (i: number) => (i === 0 ? MARGIN : MARGIN + first + (i - 1) * other);
    const columnW = (i: number) => (i === 0 ? first : other);
    const drawRow = (cells: string[], bold: boolean) => {
      this.ensure(rowHeight);
      const y = this.doc.y;
      this.doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9.5).fillColor(COLOURS.text);
      cells.forEach((cell, i) => this.doc.text(cell, columnX(i) + 3, y + 4, { width: columnW(i) - 6, align: i === 0 ? 'left' : 'right', lineBreak: false, ellipsis: true }));
      this.doc.moveTo(MARGIN, y + rowHeight).lineTo(MARGIN + this.width, y + rowHeight).lineWidth(0.5).strokeColor(COLOURS.rule).stroke();
      this.doc.y = y + rowHeight;
    };
    drawRow(header, true);
    rows.forEach((row) => drawRow(row, false));
    this.doc.x = MARGIN;
    this.doc.moveDown(0.8);
  }

  /** Horizontal bars, one per item, longest first as given. A suppressed count ("<5") gets a short pale bar. */
  horizontalBars(title: string, bars: Bar[]): void {
    const barHeight = 13;
    const gap = 5;
    const height = 22 + bars.length * (barHeight + gap);
    this.ensure(height);
    const top = this.doc.y;
    this.doc.font('Helvetica-Bold').fontSize(10).fillColor(COLOURS.text).text(title, MARGIN, top, { width: this.width });
    const labelWidth = this.width * 0.4;
    const area = this.width - labelWidth - 45;
    const max = Math.max(1, ...bars.map((b) => num(b.value)));
    bars.forEach((b, i) => {
      const y = top + 20 + i * (barHeight + gap);
      this.doc.font('Helvetica').fontSize(8.5).fillColor(COLOURS.text)
        .text(b.label, MARGIN, y + 2, { width: labelWidth - 6, align: 'right', lineBreak: false, ellipsis: true });
      const suppressed = typeof b.value !== 'number';
      const w = suppressed ? 4 : Math.max(num(b.value) > 0 ? 1.5 : 0, (num(b.value) / max) * area);
      if (w > 0) this.doc.rect(MARGIN + labelWidth, y, w, barHeight).fill(suppressed ? COLOURS.barAlt : COLOURS.bar);
      this.doc.font('Helvetica').fontSize(8.5).fillColor(COLOURS.text).text(show(b.value), MARGIN + labelWidth + w + 4, y + 2, { lineBreak: false });
    });
    this.doc.x = MARGIN;
    this.doc.y = top + height + 6;
  }

  /** Vertical bars over time, with the value above each bar. */
  columns(title: string, bars: Bar[], caption: string): void {
    const chartHeight = 120;
    this.ensure(chartHeight + 70);
    const top = this.doc.y;
    this.doc.font('Helvetica-Bold').fontSize(10).fillColor(COLOURS.text).text(title, MARGIN, top, { width: this.width });
    const base = top + 22 + chartHeight;
    const slot = this.width / Math.max(1, bars.length);
    const max = Math.max(1, ...bars.map((b) => num(b.value)));
    this.doc.moveTo(MARGIN, base).lineTo(MARGIN + this.width, base).lineWidth(0.8).strokeColor(COLOURS.muted).stroke();
    bars.forEach((b, i) => {
      const x = MARGIN + i * slot + slot * 0.18;
      const w = slot * 0.64;
      const h = typeof b.value === 'number' ? (b.value / max) * (chartHeight - 14) : 3;
      if (h > 0) this.doc.rect(x, base - h, w, h).fill(typeof b.value === 'number' ? COLOURS.bar : COLOURS.barAlt);
      this.doc.font('Helvetica').fontSize(8).fillColor(COLOURS.text)
        .text(show(b.value), MARGIN + i * slot, base - h - 11, { width: slot, align: 'center', lineBreak: false });
      this.doc.text(b.label, MARGIN + i * slot, base + 4, { width: slot, align: 'center', lineBreak: false });
    });
    this.doc.font('Helvetica').fontSize(8).fillColor(COLOURS.muted).text(caption, MARGIN, base + 18, { width: this.width });
    this.doc.x = MARGIN;
    this.doc.y = base + 36;
  }
}

function entries(counts: Record<string, Count>, labels: Record<string, string>, skip: string[] = []): Bar[] {
  return Object.entries(counts).filter(([k]) => !skip.includes(k)).map(([k, v]) => ({ label: labels[k] ?? k, value: v }));
}

function byValue(bars: Bar[]): Bar[] {
  return [...bars].sort((a, b) => num(b.value) - num(a.value));
}

/** "2022-05" → "mei 2022" with the month abbreviated: fits a table's column head. */
function columnMonth(month: string): string {
  const [y, m] = month.split('-');
  return `${SHORT_MONTHS[Number(m) - 1]} ${y}`;
}

function shortMonth(month: string): string {
  const [y, m] = month.split('-');
  return `${SHORT_MONTHS[Number(m) - 1]} '${y.slice(2)}`;
}

/**
 * The monthly report as a PDF, drawn with pdfkit's vector API (text, tables and bar charts; no
 * browser). `compress: false` leaves the content streams readable (for tests).
 */
export function monthlyReportPdf(report: MonthlyReport, options: { teamName: string; compress?: boolean }): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4', margin: MARGIN, compress: options.compress ?? true, bufferPages: true,
    info: { Title: `Voortgangsrapportage ${dutchMonth(report.month)}`, Author: options.teamName, Subject: 'Maandelijkse monitor', Creator: 'Eenverhaal' },
    lang: 'nl-NL',
  });
  const done = pdfBuffer(doc);

  const w = new ReportWriter(doc);
  const month = dutchMonth(report.month);
  const r = report.registrations;
  const p = report.previousMonth;
  const d = report.change;

  doc.font('Helvetica-Bold').fontSize(24).fillColor(COLOURS.head).text('VOORTGANGSRAPPORTAGE', MARGIN, 80);
  doc.fontSize(18).text(month.toUpperCase());
  doc.moveDown(0.4).font('Helvetica').fontSize(12).fillColor(COLOURS.text).text(options.teamName);
  doc.moveDown(0.6).fontSize(9).fillColor(COLOURS.muted).text(
    `Cijfers t/m het einde van ${month} (Nederlandse tijd), met de status van elke aanmelding zoals die aan het einde van de maand was. ` +
    (report.period.complete ? '' : 'Let op: deze maand is nog niet voorbij; de cijfers zijn voorlopig. ') +
    (report.published
      ? 'Publicatieversie: aantallen kleiner dan 5 staan er als "<5"; er staat geen vrije tekst in.'
      : 'Interne versie voor het team: niet publiceren (gebruik de publicatieversie).'),
    { width: doc.page.width - 2 * MARGIN },
  );
  doc.moveDown(0.2).text(`Gemaakt op ${new Date(report.generatedAt).toLocaleString('nl-NL', { timeZone: 'Europe/Amsterdam' })}.`);

  w.heading('Aanmeldingen');
  w.paragraph(`In totaal zijn er t/m eind ${month} ${show(r.total)} aanmeldingen binnengekomen, waarvan ${show(r.newThisMonth)} in ${month}. ` +
    `Hiervan zijn er ${show(r.inGuidance)} in begeleiding. ${show(r.outOfScope)} aanmeldingen behoorden niet tot de doelgroep. ` +
    `${show(r.closedDormantNotStarted)} aanmeldingen zijn afgesloten, slapend of niet gestart.`);
  w.table(['', columnMonth(report.month), columnMonth(p.month), 'verschil'], [
    ['Aanmeldingen in totaal', show(r.total), show(p.registrations.total), signed(d.registrations.total)],
    ['In begeleiding', show(r.inGuidance), show(p.registrations.inGuidance), signed(d.registrations.inGuidance)],
    ['Niet tot de doelgroep', show(r.outOfScope), show(p.registrations.outOfScope), signed(d.registrations.outOfScope)],
    ['Afgesloten, slapend of niet gestart', show(r.closedDormantNotStarted), show(p.registrations.closedDormantNotStarted), signed(d.registrations.closedDormantNotStarted)],
    ['Nog in behandeling', show(r.open), show(p.registrations.open), signed(d.registrations.open)],
    ['Nieuw in de maand', show(r.newThisMonth), show(p.registrations.newThisMonth), signed(d.registrations.newThisMonth)],
    ['Gezinnen in beeld (dossiers)', show(report.cases.total), show(p.cases.total), signed(d.cases.total)],
  ]);
  w.columns('Verloop van de aanmeldingen: nieuw per maand', r.byMonth.map((m) => ({ label: shortMonth(m.month), value: m.new })),
    `Totaal t/m eind ${month}: ${show(r.total)} aanmeldingen.`);
  w.horizontalBars('Route van de aanmelding', entries(r.byRoute, ROUTE_LABELS));
  w.horizontalBars('Wie meldde zich aan', byValue(entries(r.byRegistrantType, REGISTRANT_TYPE_LABELS)));

  w.heading('Reactietijd na aanmelding');
  w.paragraph(`Bij ${show(report.responseTimes.contactWithin2DaysPct, '%')} van de aanmeldingen is er binnen twee dagen telefonisch contact geweest. ` +
    `Bij ${show(report.responseTimes.welcomeWithin7DaysPct, '%')} van de aanmeldingen is er binnen een week een welkomstgesprek ingepland.`);
  w.table(['', columnMonth(report.month), columnMonth(p.month), 'verschil'], [
    ['Contact binnen twee dagen', show(report.responseTimes.contactWithin2DaysPct, '%'), show(p.responseTimes.contactWithin2DaysPct, '%'), signed(d.responseTimes.contactWithin2DaysPct, ' pp')],
    ['Welkomstgesprek ingepland binnen een week', show(report.responseTimes.welcomeWithin7DaysPct, '%'), show(p.responseTimes.welcomeWithin7DaysPct, '%'), signed(d.responseTimes.welcomeWithin7DaysPct, ' pp')],
  ]);

  w.heading('Kinderen en uithuisplaatsingen');
  w.paragraph(`In totaal zijn er ${show(report.children.total)} kinderen betrokken bij de gezinnen die wij ondersteunen. ` +
    `Het gaat om ${show(report.children.placed)} kinderen die uithuisgeplaatst zijn. Van ` +
    `${show(sumKnown(report.children.protectionMeasure.with, report.children.protectionMeasure.without))} van hen weten we of er sprake is van een jeugdbeschermingsmaatregel.`);
  w.table(['', 'kinderen'], [
    ['Met jeugdbeschermingsmaatregel', show(report.children.protectionMeasure.with)],
    ['Zonder jeugdbeschermingsmaatregel', show(report.children.protectionMeasure.without)],
    ['Totaal (maatregel bekend)', show(sumKnown(report.children.protectionMeasure.with, report.children.protectionMeasure.without))],
    ['Maatregel onbekend', show(report.children.protectionMeasure.unknown)],
  ], 0.7);

  w.heading('Reden uithuisplaatsing');
  w.paragraph(`Bij ${show(report.placementReasons.casesWithKnownReasons)} ouders is bekend wat de redenen voor uithuisplaatsing zijn of waren. Vaak spelen meerdere redenen tegelijk.`);
  w.horizontalBars('Redenen (een gezin kan meerdere redenen hebben)', byValue(entries(report.placementReasons, REASON_LABELS, ['casesWithKnownReasons'])));

  w.heading("Betrokken jeugdzorgregio's");
  const top = report.regions.top.map((x) => x.name);
  w.paragraph(`In de dossiers waarin de jeugdzorgregio bekend is (${show(report.regions.casesWithKnownRegions)}), zijn in totaal ${report.regions.count} jeugdzorgregio's betrokken. ` +
    `Er kunnen meerdere regio's bij een dossier betrokken zijn.` + (top.length ? ` De meest betrokken regio's zijn ${joinDutch(top.slice(0, 3))}.` : ''));
  if (report.regions.byRegion.length > 0) {
    w.horizontalBars("Dossiers per jeugdzorgregio (de 12 meest betrokken)", report.regions.byRegion.slice(0, 12).map((x) => ({ label: x.name, value: x.cases })));
  }

  w.heading('Gezinssamenstelling en gezag');
  w.horizontalBars('Gezinssamenstelling', entries(report.householdComposition, HOUSEHOLD_LABELS));
  w.horizontalBars('Heeft de aanmelder gezag?', entries(report.custody, CUSTODY_LABELS));

  w.heading('Gewenste gezinssituatie en ondersteuningsverzoek');
  w.paragraph(`De gewenste gezinssituatie is bekend bij ${show(report.desiredSituation.casesKnown)} aanmelders; het ondersteuningsverzoek bij ${show(report.supportRequests.casesKnown)}.`);
  w.horizontalBars('Gewenste gezinssituatie', byValue(entries(report.desiredSituation, DESIRED_LABELS, ['casesKnown'])));
  w.horizontalBars('Ondersteuningsverzoek', byValue(entries(report.supportRequests, SUPPORT_LABELS, ['casesKnown'])));

  w.heading('Resultaten');
  w.paragraph(`In ${month} zijn ${show(report.results.thisMonth)} resultaten vastgelegd (t/m eind ${month} in totaal ${show(report.results.cumulative)}): kleine en grote stappen naar de gewenste situatie.`);
  w.table(['Soort resultaat', columnMonth(report.month)], entries(report.results.byKind, RESULT_LABELS).filter((b) => b.value !== 0).map((b) => [b.label, show(b.value)]), 0.75);
  const notes = report.results.notes ?? [];
  if (notes.length > 0) {
    w.paragraph('Toelichtingen bij de resultaten van deze maand (alleen in de interne versie):');
    for (const n of notes) w.paragraph(`• ${n.date} — ${RESULT_LABELS[n.kind] ?? n.kind}: ${n.note}`);
  }

  // Issue 18: the plans (1 gezin 1 plan).
  w.heading('Eén gezin, één plan');
  const plan = report.plan;
  w.paragraph(`In ${show(plan.casesWithGoals)} dossiers staat een plan met doelen. In ${show(plan.casesWithParentGoal)} dossiers ` +
    `(${show(plan.casesWithParentGoalPct, '%')} van de gezinnen in beeld) hebben de ouders minstens één eigen doel. ` +
    `${show(plan.resultsLinkedToGoals.cumulative)} resultaten horen bij een doel (in ${month}: ${show(plan.resultsLinkedToGoals.thisMonth)}).`);
  w.table(['Doelen van', ...Object.values(GOAL_STATUS_LABELS), 'totaal'],
    Object.entries(plan.goals.byOwnerAndStatus).map(([owner, counts]) => [
      GOAL_OWNER_LABELS[owner] ?? owner, ...Object.keys(GOAL_STATUS_LABELS).map((k) => show((counts as Record<string, Count>)[k])), show((plan.goals.byOwner as Record<string, Count>)[owner]),
    ]), 0.3);

  // Page numbers, once every page exists.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // The footer sits in the bottom margin: without this, pdfkit would start a new page for it.
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(8).fillColor(COLOURS.muted)
      .text(`Voortgangsrapportage ${month} — pagina ${i + 1} van ${range.count}`, MARGIN, doc.page.height - MARGIN + 10, { width: doc.page.width - 2 * MARGIN, align: 'center', lineBreak: false });
  }
  doc.end();
  return done;
}

/** The sum of two counts; unknown ('–') when either is suppressed, so that it cannot give the other away. */
function sumKnown(a: Count, b: Count): number | null {
  return typeof a === 'number' && typeof b === 'number' ? a + b : null;
}

function joinDutch(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} en ${items[items.length - 1]}`;
}
