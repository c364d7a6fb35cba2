import type { Count, MonthlyReport } from './monthly-report.js';
import {
  CUSTODY_LABELS, DESIRED_LABELS, dutchMonth, GOAL_OWNER_LABELS, GOAL_STATUS_LABELS, HOUSEHOLD_LABELS, PLACEMENT_LABELS, REASON_LABELS, REGISTRANT_TYPE_LABELS,
  RESULT_LABELS, ROUTE_LABELS, STATUS_LABELS, SUPPORT_LABELS,
} from './report-labels.js';

/** One figure of the report: a machine key (the JSON path), its Dutch label, and its value. */
export interface FigureRow {
  key: string;
  label: string;
  value: Count | string | null;
  /** Previous month's value and the change, where the report gives them. */
  previous?: Count | null;
  change?: Count | null;
}

function each(prefix: string, counts: Record<string, Count>, labels: Record<string, string>, labelPrefix: string): FigureRow[] {
  return Object.entries(counts).map(([k, v]) => ({ key: `${prefix}.${k}`, label: `${labelPrefix}: ${labels[k] ?? k}`, value: v }));
}

/** Every figure of the report, in reading order: the CSV is these rows, the PDF's tables draw from them. */
export function figureRows(report: MonthlyReport): FigureRow[] {
  const r = report.registrations;
  const p = report.previousMonth;
  const d = report.change;
  const month = dutchMonth(report.month);
  const rows: FigureRow[] = [
    { key: 'month', label: 'Maand', value: report.month },
    { key: 'registrations.total', label: `Aanmeldingen in totaal t/m eind ${month}`, value: r.total, previous: p.registrations.total, change: d.registrations.total },
    { key: 'registrations.inGuidance', label: 'In begeleiding (eind van de maand)', value: r.inGuidance, previous: p.registrations.inGuidance, change: d.registrations.inGuidance },
    { key: 'registrations.outOfScope', label: 'Niet tot de doelgroep', value: r.outOfScope, previous: p.registrations.outOfScope, change: d.registrations.outOfScope },
    { key: 'registrations.closedDormantNotStarted', label: 'Afgesloten, slapend of niet gestart', value: r.closedDormantNotStarted, previous: p.registrations.closedDormantNotStarted, change: d.registrations.closedDormantNotStarted },
    { key: 'registrations.open', label: 'Nog in behandeling (nieuw, contact gehad, welkomstgesprek gepland)', value: r.open, previous: p.registrations.open, change: d.registrations.open },
    { key: 'registrations.newThisMonth', label: `Nieuwe aanmeldingen in ${month}`, value: r.newThisMonth, previous: p.registrations.newThisMonth, change: d.registrations.newThisMonth },
    ...each('registrations.byStatus', r.byStatus, STATUS_LABELS, 'Status eind van de maand'),
    ...each('registrations.byRoute', r.byRoute, ROUTE_LABELS, 'Route'),
    ...each('registrations.byRegistrantType', r.byRegistrantType, REGISTRANT_TYPE_LABELS, 'Aanmelder'),
    ...r.byMonth.map((m) => ({ key: `registrations.byMonth.${m.month}.new`, label: `Nieuwe aanmeldingen ${dutchMonth(m.month)}`, value: m.new })),
    { key: 'responseTimes.contactWithin2DaysPct', label: 'Binnen twee dagen telefonisch contact (% van alle aanmeldingen)', value: report.responseTimes.contactWithin2DaysPct, previous: p.responseTimes.contactWithin2DaysPct, change: d.responseTimes.contactWithin2DaysPct },
    { key: 'responseTimes.welcomeWithin7DaysPct', label: 'Binnen een week welkomstgesprek ingepland (% van alle aanmeldingen)', value: report.responseTimes.welcomeWithin7DaysPct, previous: p.responseTimes.welcomeWithin7DaysPct, change: d.responseTimes.welcomeWithin7DaysPct },
    { key: 'responseTimes.contactedWithin2Days', label: 'Aanmeldingen met contact binnen twee dagen', value: report.responseTimes.contactedWithin2Days },
    { key: 'responseTimes.welcomePlannedWithin7Days', label: 'Aanmeldingen met welkomstgesprek ingepland binnen een week', value: report.responseTimes.welcomePlannedWithin7Days },
    { key: 'cases.total', label: 'Gezinnen in beeld (dossiers)', value: report.cases.total, previous: p.cases.total, change: d.cases.total },
    { key: 'cases.newThisMonth', label: `Nieuwe dossiers in ${month}`, value: report.cases.newThisMonth, previous: p.cases.newThisMonth, change: d.cases.newThisMonth },
    { key: 'children.total', label: 'Kinderen betrokken bij de gezinnen', value: report.children.total, previous: p.children.total, change: d.children.total },
    { key: 'children.placed', label: 'Kinderen uithuisgeplaatst', value: report.children.placed, previous: p.children.placed, change: d.children.placed },
    { key: 'children.protectionMeasure.with', label: 'Uithuisgeplaatst, met jeugdbeschermingsmaatregel', value: report.children.protectionMeasure.with },
    { key: 'children.protectionMeasure.without', label: 'Uithuisgeplaatst, zonder jeugdbeschermingsmaatregel', value: report.children.protectionMeasure.without },
    { key: 'children.protectionMeasure.unknown', label: 'Uithuisgeplaatst, maatregel onbekend', value: report.children.protectionMeasure.unknown },
    ...each('children.byPlacement', report.children.byPlacement, PLACEMENT_LABELS, 'Verblijfplaats'),
    { key: 'placementReasons.casesWithKnownReasons', label: 'Ouders van wie de redenen voor uithuisplaatsing bekend zijn', value: report.placementReasons.casesWithKnownReasons },
    ...each('placementReasons', withoutKey(report.placementReasons, 'casesWithKnownReasons'), REASON_LABELS, 'Reden uithuisplaatsing'),
    { key: 'regions.count', label: "Betrokken jeugdzorgregio's", value: report.regions.count },
    { key: 'regions.casesWithKnownRegions', label: "Dossiers waarin de jeugdzorgregio's bekend zijn", value: report.regions.casesWithKnownRegions },
    ...report.regions.byRegion.map((x) => ({ key: `regions.byRegion.${x.code}`, label: `Jeugdzorgregio: ${x.name}`, value: x.cases })),
    ...each('householdComposition', report.householdComposition, HOUSEHOLD_LABELS, 'Gezinssamenstelling'),
    ...each('custody', report.custody, CUSTODY_LABELS, 'Gezag'),
    { key: 'desiredSituation.casesKnown', label: 'Aanmelders van wie de gewenste gezinssituatie bekend is', value: report.desiredSituation.casesKnown },
    ...each('desiredSituation', withoutKey(report.desiredSituation, 'casesKnown'), DESIRED_LABELS, 'Gewenste gezinssituatie'),
    { key: 'supportRequests.casesKnown', label: 'Aanmelders van wie het ondersteuningsverzoek bekend is', value: report.supportRequests.casesKnown },
    ...each('supportRequests', withoutKey(report.supportRequests, 'casesKnown'), SUPPORT_LABELS, 'Ondersteuningsverzoek'),
    { key: 'results.thisMonth', label: `Resultaten in ${month}`, value: report.results.thisMonth, previous: p.results.thisMonth, change: d.results.thisMonth },
    ...each('results.byKind', report.results.byKind, RESULT_LABELS, `Resultaat in ${month}`),
    { key: 'results.cumulative', label: `Resultaten in totaal t/m eind ${month}`, value: report.results.cumulative },
    // Issue 18: the plans (1 gezin 1 plan).
    { key: 'plan.goals.total', label: 'Doelen in de plannen', value: report.plan.goals.total },
    ...each('plan.goals.byOwner', report.plan.goals.byOwner, GOAL_OWNER_LABELS, 'Doelen van'),
    ...each('plan.goals.byStatus', report.plan.goals.byStatus, GOAL_STATUS_LABELS, 'Doelen'),
    ...Object.entries(report.plan.goals.byOwnerAndStatus).flatMap(([owner, counts]) =>
      each(`plan.goals.byOwnerAndStatus.${owner}`, counts, GOAL_STATUS_LABELS, `Doelen van ${GOAL_OWNER_LABELS[owner] ?? owner}`)),
    { key: 'plan.casesWithGoals', label: 'Dossiers met een plan (minstens één doel)', value: report.plan.casesWithGoals },
    { key: 'plan.casesWithParentGoal', label: 'Dossiers met minstens één eigen doel van de ouders (ouder of gezin)', value: report.plan.casesWithParentGoal },
    { key: 'plan.casesWithParentGoalPct', label: 'Dossiers met een eigen doel van de ouders (% van de gezinnen in beeld)', value: report.plan.casesWithParentGoalPct },
    { key: 'plan.resultsLinkedToGoals.thisMonth', label: `Resultaten in ${month} die bij een doel horen`, value: report.plan.resultsLinkedToGoals.thisMonth },
    { key: 'plan.resultsLinkedToGoals.cumulative', label: `Resultaten die bij een doel horen, t/m eind ${month}`, value: report.plan.resultsLinkedToGoals.cumulative },
  ];
  return rows;
}

function withoutKey<T extends Record<string, Count>>(counts: T, key: string): Record<string, Count> {
  const { [key]: _omit, ...rest } = counts;
  return rest;
}
