import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import { Checkbox, ErrorAlert, Heading, Loading, PageTitle, Paragraph, TextField } from '../../components/ui.js';
import { useI18n, type MessageKey, type Translate } from '../../i18n/i18n.js';

type Count = number | string;
interface Report {
  month: string;
  published: boolean;
  registrations: { total: Count; inGuidance: Count; outOfScope: Count; closedDormantNotStarted: Count; newThisMonth: Count; byRoute: Record<string, Count>; byRegistrantType: Record<string, Count>; byMonth: { month: string; new: Count; total: Count }[] };
  responseTimes: { contactWithin2DaysPct: number | null; welcomeWithin7DaysPct: number | null };
  children: { total: Count; placed: Count; protectionMeasure: { with: Count; without: Count; unknown: Count } };
  placementReasons: Record<string, Count>;
  regions: { count: number; top: { code: string; name?: string; cases: Count }[] };
  results: { thisMonth: Count; cumulative: Count };
}

const thisMonth = () => new Date().toISOString().slice(0, 7);
const asNumber = (c: Count) => (typeof c === 'number' ? c : 0);

function word(t: Translate, prefix: string, code: string): string {
  const key = `${prefix}.${code}` as MessageKey;
  const text = t(key);
  return text === key ? code.replace(/_/g, ' ') : text;
}

/** A bar chart that is a table: the numbers are there for everyone; the bars are extra. */
function BarTable({ caption, rows }: { caption: string; rows: { label: string; value: Count }[] }) {
  const { t } = useI18n();
  const max = Math.max(1, ...rows.map((r) => asNumber(r.value)));
  return (
    <div className="ev-table-wrap">
      <table className="ev-table ev-bars">
        <caption className="utrecht-heading-3 ev-caption">{caption}</caption>
        <thead><tr><th scope="col">{t('report.what')}</th><th scope="col">{t('report.count')}</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td>
                <span className="ev-bar" style={{ inlineSize: `${(asNumber(r.value) / max) * 100}%` }} aria-hidden="true" />
                <span className="ev-bar-value">{r.value}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The monthly progress report for coordinators, with CSV and PDF downloads. */
export default function ReportScreen() {
  const { t } = useI18n();
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
      <Paragraph>{t('report.intro')}</Paragraph>
      <TextField label={t('report.month')} type="month" value={month} max={thisMonth()} onChange={(e) => setMonth(e.target.value)} />
      <Checkbox label={t('report.publish')} description={t('report.publishHelp')} checked={publish} onChange={setPublish} />
      <p className="utrecht-paragraph">
        <a className="utrecht-link" href={`/api/reports/monthly.csv?${query}`} download>{t('report.csv')}</a>
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
          <BarTable caption={t('report.byRoute')} rows={Object.entries(report.registrations.byRoute).map(([k, v]) => ({ label: word(t, 'route', k), value: v }))} />
          <BarTable caption={t('report.byMonth')} rows={report.registrations.byMonth.map((m) => ({ label: m.month, value: m.new }))} />
          <BarTable caption={t('report.reasons')} rows={Object.entries(report.placementReasons).filter(([k]) => k !== 'casesWithKnownReasons').map(([k, v]) => ({ label: word(t, 'reason', k), value: v }))} />
          {report.regions.top.length ? <BarTable caption={t('report.regions')} rows={report.regions.top.map((r) => ({ label: r.name ?? r.code, value: r.cases }))} /> : null}
        </>
      ) : null}
    </>
  );
}
