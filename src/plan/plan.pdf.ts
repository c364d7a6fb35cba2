import PDFDocument from 'pdfkit';
import { dutchDate, PDF_COLOURS as COLOURS, pdfBuffer } from '../common/pdf.js';
import type { GoalOwner, GoalStatus, ActionStatus, Recurrence } from '../shared/plan-vocabulary.js';
import type { PlanGoalResponse, PlanResponse } from './dto/plan.dto.js';

const MARGIN = 56;

/** Plain Dutch for a meeting with the family (B1): whose goal it is, where it stands, what happens next. */
export const OWNER_WORDS: Record<GoalOwner, string> = {
  parent: 'Doel van de ouder', child: 'Doel voor het kind', family: 'Doel van het gezin', team: 'Doel van het team', partner: 'Doel van een ketenpartner',
};
export const GOAL_STATUS_WORDS: Record<GoalStatus, string> = {
  open: 'Nog niet begonnen', in_progress: 'Hier werken we aan', achieved: 'Gelukt', dropped: 'Gestopt',
};
export const ACTION_STATUS_WORDS: Record<ActionStatus, string> = { open: 'nog te doen', doing: 'bezig', done: 'klaar' };
const RECURRENCE_WORDS: Record<Recurrence, string> = { none: '', weekly: ', elke week', monthly: ', elke maand' };

/**
 * The plan as a PDF: one page per goal, big enough to read together at the kitchen table, in plain
 * Dutch. Drawn with pdfkit like the monthly report. `compress: false` keeps the text readable (tests).
 */
export function planPdf(plan: PlanResponse, options: { now: Date; compress?: boolean }): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4', margin: MARGIN, compress: options.compress ?? true,
    info: { Title: 'Ons plan', Subject: '1 gezin 1 plan', Creator: 'Eenverhaal' }, lang: 'nl-NL',
  });
  const done = pdfBuffer(doc);
  const width = doc.page.width - 2 * MARGIN;
  const footer = `Ons plan (1 gezin 1 plan) · gemaakt op ${dutchDate(options.now)} · vertrouwelijk`;

  if (plan.goals.length === 0) {
    doc.font('Helvetica-Bold').fontSize(22).fillColor(COLOURS.head).text('Ons plan', MARGIN, MARGIN, { width });
    doc.moveDown().font('Helvetica').fontSize(13).fillColor(COLOURS.text).text('Er staan nog geen doelen in het plan. Wat wilt u zelf bereiken?', { width });
    footerLine(doc, footer, width);
  }
  plan.goals.forEach((goal, i) => {
    if (i > 0) doc.addPage();
    goalPage(doc, goal, width, i + 1, plan.goals.length);
    footerLine(doc, footer, width);
  });
  doc.end();
  return done;
}

/** The footer sits in the bottom margin; lifting the margin for it keeps pdfkit from starting a page. */
function footerLine(doc: InstanceType<typeof PDFDocument>, text: string, width: number): void {
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  doc.font('Helvetica').fontSize(8).fillColor(COLOURS.muted).text(text, MARGIN, doc.page.height - MARGIN / 2 - 8, { width, lineBreak: false });
  doc.page.margins.bottom = bottom;
}

function goalPage(doc: InstanceType<typeof PDFDocument>, goal: PlanGoalResponse, width: number, n: number, total: number): void {
  doc.font('Helvetica').fontSize(10).fillColor(COLOURS.muted).text(`Doel ${n} van ${total} · ${OWNER_WORDS[goal.owner]}${goal.ownerDisplayName ? ` (${goal.ownerDisplayName})` : ''}`, MARGIN, MARGIN, { width });
  doc.moveDown(0.4).font('Helvetica-Bold').fontSize(22).fillColor(COLOURS.head).text(goal.title, { width });
  doc.moveDown(0.4).font('Helvetica-Bold').fontSize(13).fillColor(COLOURS.text).text(`Hoe staat het ervoor? ${GOAL_STATUS_WORDS[goal.status]}`, { width });
  if (goal.status === 'dropped' && goal.droppedBy) {
    doc.moveDown(0.3).font('Helvetica').fontSize(12).text(`${goal.droppedBy.displayName} stopte met dit doel. De reden: ${(goal.droppedReason ?? 'geen reden gegeven').replace(/[.!?]+$/, '')}.`, { width });
  }
  if (goal.description) {
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).text('Waar gaat het om?', { width });
    doc.moveDown(0.2).font('Helvetica').fontSize(12).text(goal.description, { width, lineGap: 3 });
  }
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).text('Wat gaan we doen?', { width });
  if (goal.actions.length === 0) doc.moveDown(0.2).font('Helvetica').fontSize(12).text('Er zijn nog geen afspraken over wat we gaan doen.', { width });
  for (const action of goal.actions) {
    const who = action.ownerDisplayName ? `Wie: ${action.ownerDisplayName}` : 'Wie: nog niet afgesproken';
    const when = action.dueDate ? `Wanneer: vóór ${dutchDate(`${action.dueDate}T12:00:00Z`)}${RECURRENCE_WORDS[action.recurrence]}` : `Wanneer: nog niet afgesproken${RECURRENCE_WORDS[action.recurrence]}`;
    doc.moveDown(0.5).font('Helvetica-Bold').fontSize(12).text(`• ${action.title} (${ACTION_STATUS_WORDS[action.status]})`, { width });
    doc.font('Helvetica').fontSize(11).fillColor(COLOURS.text).text(`   ${who}. ${when}.`, { width });
  }
  doc.moveDown(1).font('Helvetica').fontSize(10).fillColor(COLOURS.muted)
    .text(`Opgeschreven door ${goal.createdByPerson.displayName} op ${dutchDate(goal.createdAt)}. Laatst gewijzigd op ${dutchDate(goal.updatedAt)}.`, { width });
}
