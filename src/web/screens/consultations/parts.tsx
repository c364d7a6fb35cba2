import type { Consultation, ConsultationListItem } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { Heading, Paragraph, StatusBadge } from '../../components/ui.js';
import { formatDate, useI18n, type MessageKey, type Translate } from '../../i18n/i18n.js';
import { word } from '../case/casework.js';

/** An expert's specialism in plain words. */
export function specialismWord(t: Translate, specialism: string): string {
  return word(t, 'cons.specialism', specialism);
}

export function ConsultationStatus({ status }: { status: ConsultationListItem['status'] }) {
  const { t } = useI18n();
  return <StatusBadge kind={status === 'requested' ? 'warning' : status === 'answered' ? 'active' : 'inactive'}>{t(`cons.status.${status}` as MessageKey)}</StatusBadge>;
}

/** One consultation in a list: the pseudonym (never a name), status, when, and the question's start. */
export function ConsultationCard({ item }: { item: ConsultationListItem }) {
  const { t, locale } = useI18n();
  return (
    <li className="ev-card" data-testid="consultation">
      <Heading level={3}><Link href={`/consultations/${item.id}`}>{item.pseudonym}</Link></Heading>
      <p className="utrecht-paragraph ev-meta">
        <ConsultationStatus status={item.status} /> · {t('cons.askedOn', { date: formatDate(item.createdAt, locale) })} · {t('cons.messages', { count: item.messageCount })}
      </p>
      {item.expert ? <Paragraph small>{t('cons.withExpert', { name: item.expert.displayName, specialism: specialismWord(t, item.expert.specialism) })}</Paragraph> : null}
      <p className="utrecht-paragraph ev-story-text">{item.question.length > 240 ? `${item.question.slice(0, 240)}…` : item.question}</p>
    </li>
  );
}

/** The server-built summary: codes and years only, told in words. */
export function SummaryView({ summary }: { summary: Consultation['summary'] }) {
  const { t } = useI18n();
  const none = t('cons.noneKnown');
  const list = (prefix: string, codes: string[]) => (codes.length ? codes.map((c) => word(t, prefix, c)).join(', ') : none);
  return (
    <section aria-labelledby="cons-summary" className="ev-card">
      <Heading level={2} id="cons-summary">{t('cons.summary')}</Heading>
      <Paragraph small>{t('cons.summaryExplain')}</Paragraph>
      <dl className="ev-facts">
        <dt>{t('cons.region')}</dt><dd>{summary.regions.length ? summary.regions.map((r) => r.name).join(', ') : none}</dd>
        <dt>{t('cons.household')}</dt><dd>{summary.householdComposition ? word(t, 'household', summary.householdComposition) : none}</dd>
        <dt>{t('cons.reasons')}</dt><dd>{list('reason', summary.placementReasons)}</dd>
        <dt>{t('cons.desired')}</dt><dd>{list('desired', summary.desiredSituation)}</dd>
        <dt>{t('cons.children')}</dt>
        <dd>
          {summary.children.length === 0 ? none : (
            <ul className="utrecht-unordered-list">
              {summary.children.map((c, i) => (
                <li key={i} className="utrecht-unordered-list__item">
                  {t(c.placedSinceYear ? 'cons.childSince' : 'cons.child', {
                    year: c.birthYear, since: c.placedSinceYear ?? '', placement: word(t, 'cw.placement', c.placement), measure: word(t, 'cw.measure', c.protectionMeasure),
                  })}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
    </section>
  );
}
