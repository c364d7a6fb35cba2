import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import type { MonthlyReport } from '../../api/types.js';
import { Checkbox, ErrorAlert, Heading, Loading, PageTitle, Paragraph, TextField } from '../../components/ui.js';
import { useI18n, type MessageKey, type Translate } from '../../i18n/i18n.js';

type Count = number | string;
type Report = MonthlyReport;

/** "2026-01" → "januari 2026" / "January 2026". */
export function monthName(month: string, locale: string): string {
  const date = new Date(`${month}-01T12:00:00Z`);
  return Number.isNaN(date.getTime()) ? month : date.toLocaleDateString(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

const thisMonth = () => new Date().toISOString().slice(0, 7);
const asNumber = (c: Count) => (typeof c === 'number' ? c : 0);

function word(t: Translate, prefix: string, code: string): string {
  const key = `${prefix}.${code}` as MessageKey;
  const text = t(key);
  return text === key ? code.replace(/_/g, ' ') : text;
}

/**
 * A bar chart: an SVG image whose name says what it shows (for screen readers, the table below it
 * has every number), and the table itself, kept for reading and for screen readers.
 */
function BarChart({ caption, rows }: { caption: string; rows: { label: string; value: Count }[] }) {
  const { t } = useI18n();
  const max = Math.max(1, ...rows.map((r) => asNumber(r.value)));
  const rowHeight = 28;
  const labelWidth = 40;
  const summary = rows.map((r) => `${r.label}: ${r.value}`).join(', ');
  return (
    <figure className="ev-chart">
      <p className="utrecht-heading-3 ev-caption" aria-hidden="true">{caption}</p>
      <div className="ev-chart__plot">
      <svg role="img" aria-label={t('report.chartLabel', { caption, summary })} viewBox={`0 0 100 ${rows.length * rowHeight}`}
        preserveAspectRatio="none" className="ev-chart__svg" style={{ blockSize: `${rows.length * rowHeight}px` }}>
        {rows.map((r, i) => (
          <g key={r.label}>
            <rect x={labelWidth} y={i * rowHeight + 6} height={rowHeight - 12} width={Math.max(0.5, (asNumber(r.value) / max) * (100 - labelWidth - 8))} className="ev-chart__bar" />
          </g>
        ))}
      </svg>
      <div className="ev-chart__labels" aria-hidden="true">
        {rows.map((r) => (
          <div key={r.label} className="ev-chart__row" style={{ blockSize: `${rowHeight}px` }}>
            <span className="ev-chart__label">{r.label}</span>
            <span className="ev-chart__value" style={{ insetInlineStart: `calc(${labelWidth}% + ${(asNumber(r.value) / max) * (100 - labelWidth - 8)}% + 4px)` }}>{r.value}</span>
          </div>
        ))}
      </div>
      </div>
      <div className="ev-table-wrap">
        <table className="ev-table">
          <caption className="ev-visually-hidden">{caption}</caption>
          <thead><tr><th scope="col">{t('report.what')}</th><th scope="col">{t('report.count')}</th></tr></thead>
          <tbody>
            {rows.map((r) => <tr key={r.label}><th scope="row">{r.label}</th><td>{r.value}</td></tr>)}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

/** The monthly progress report for coordinators, with CSV and PDF downloads. */
export default function ReportScreen() {
  const { t, locale } = useI18n();
  const [month, setMonth] = useState(thisMonth);
  const [publish, setPublish] = useState(false);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!/^\d{4}-\d{2}$/.test(month)) return;
    setReport(null);
    setError(null);
    api<Report>(`/api/reports/monthly?month=${month}${publish ? '&publish=true' : ''}`).then(setReport, setError);
  }, [month, publish]);

  const query = `month=${month}${publish ? '&publish=true' : ''}`;
  const pct = (value: number | null) => (value === null ? '—' : `${value}%`);
  return (
    <>
      <PageTitle>{t('report.title')}</PageTitle>
      {/^\d{4}-\d{2}$/.test(month) ? <p className="utrecht-paragraph ev-meta" data-testid="report-month">{monthName(month, locale)}</p> : null}
      <Paragraph>{t('report.intro')}</Paragraph>
      <TextField label={t('report.month')} type="month" value={month} max={thisMonth()} onChange={(e) => setMonth(e.target.value)} />
      <Checkbox label={t('report.publish')} description={t('report.publishHelp')} checked={publish} onChange={setPublish} />
      <p className="utrecht-paragraph">
        <a className="utrecht-link" href={`/api/reports/monthly.csv?${query}`} download>{t('report.csv')}</a>
        {' · '}
        <a className="utrecht-link" href={`/api/reports/monthly.csv?${query}&separator=semicolon`} download>{t('report.csvExcel')}</a>
        {' · '}
        <a className="utrecht-link" href={`/api/reports/monthly.pdf?${query}`} download>{t('report.pdf')}</a>
      </p>
      <ErrorAlert error={error} />
      {!report && !error ? <Loading /> : null}
      {report ? (
        <>
          <Heading level={2}>{t('report.keyFigures')}</Heading>
          <dl className="ev-facts" data-testid="report-figures">
            <dt>{t('report.total')}</dt><dd>{report.registrations.total}</dd>
            <dt>{t('report.newThisMonth')}</dt><dd>{report.registrations.newThisMonth}</dd>
            <dt>{t('report.inGuidance')}</dt><dd>{report.registrations.inGuidance}</dd>
            <dt>{t('report.outOfScope')}</dt><dd>{report.registrations.outOfScope}</dd>
            <dt>{t('report.contact2')}</dt><dd>{pct(report.responseTimes.contactWithin2DaysPct)}</dd>
            <dt>{t('report.welcome7')}</dt><dd>{pct(report.responseTimes.welcomeWithin7DaysPct)}</dd>
            <dt>{t('report.children')}</dt><dd>{report.children.total}</dd>
            <dt>{t('report.placed')}</dt><dd>{report.children.placed}</dd>
            <dt>{t('report.results')}</dt><dd>{report.results.cumulative}</dd>
          </dl>
          <CompareTable report={report} pct={pct} />
          <BarChart caption={t('report.byRoute')} rows={Object.entries(report.registrations.byRoute).map(([k, v]) => ({ label: word(t, 'route', k), value: v }))} />
          <BarChart caption={t('report.byMonth')} rows={report.registrations.byMonth.map((m) => ({ label: monthName(m.month, locale), value: m.new }))} />
          <BarChart caption={t('report.reasons')} rows={Object.entries(report.placementReasons).filter(([k]) => k !== 'casesWithKnownReasons').map(([k, v]) => ({ label: word(t, 'reason', k), value: v }))} />
          {report.regions.top.length ? <BarChart caption={t('report.regions')} rows={report.regions.top.map((r) => ({ label: r.name ?? r.code, value: r.cases }))} /> : null}
          {/* Issue 18: the plans (1 gezin 1 plan). */}
          <Heading level={2}>{t('report.plan.title')}</Heading>
          <dl className="ev-facts" data-testid="report-plan">
            <dt>{t('report.plan.casesWithGoals')}</dt><dd>{report.plan.casesWithGoals}</dd>
            <dt>{t('report.plan.casesWithParentGoal')}</dt><dd>{report.plan.casesWithParentGoal} ({pct(report.plan.casesWithParentGoalPct)})</dd>
            <dt>{t('report.plan.resultsLinked')}</dt><dd>{report.plan.resultsLinkedToGoals.cumulative}</dd>
          </dl>
          <BarChart caption={t('report.plan.byOwner')} rows={Object.entries(report.plan.goals.byOwner).map(([k, v]) => ({ label: word(t, 'plan.owner', k), value: v as Count }))} />
          <BarChart caption={t('report.plan.byStatus')} rows={Object.entries(report.plan.goals.byStatus).map(([k, v]) => ({ label: word(t, 'plan.status', k), value: v as Count }))} />
        </>
      ) : null}
    </>
  );
}

/** This month against the previous one, on screen as in the PDF: the change with its sign, in words for screen readers. */
function CompareTable({ report, pct }: { report: Report; pct(value: number | null): string }) {
  const { t, locale } = useI18n();
  const signed = (value: Count | null) => (typeof value === 'number' ? (value > 0 ? `+${value}` : String(value)) : value ?? '—');
  const rows: { label: string; now: Count | string; before: Count | string; change: Count | string | null }[] = [
    { label: t('report.newThisMonth'), now: report.registrations.newThisMonth, before: report.previousMonth.registrations.newThisMonth, change: report.change.registrations.newThisMonth },
    { label: t('report.total'), now: report.registrations.total, before: report.previousMonth.registrations.total, change: report.change.registrations.total },
    { label: t('report.inGuidance'), now: report.registrations.inGuidance, before: report.previousMonth.registrations.inGuidance, change: report.change.registrations.inGuidance },
    { label: t('report.contact2'), now: pct(report.responseTimes.contactWithin2DaysPct), before: pct(report.previousMonth.responseTimes.contactWithin2DaysPct), change: report.change.responseTimes.contactWithin2DaysPct },
    { label: t('report.children'), now: report.children.total, before: report.previousMonth.children.total, change: report.change.children.total },
  ];
  return (
    <div className="ev-table-wrap" role="region" aria-labelledby="report-compare" tabIndex={0}>
      <table className="ev-table" data-testid="report-compare">
        <caption id="report-compare" className="utrecht-heading-3 ev-caption">{t('report.compareTitle', { previous: monthName(report.previousMonth.month, locale) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('report.what')}</th>
            <th scope="col">{monthName(report.month, locale)}</th>
            <th scope="col">{monthName(report.previousMonth.month, locale)}</th>
            <th scope="col">{t('report.change')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}><th scope="row">{r.label}</th><td>{r.now}</td><td>{r.before}</td><td>{signed(r.change)}</td></tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
