import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import type { ConsultationListItem, Page } from '../../api/types.js';
import { useUser } from '../../app/session.js';
import { Alert, ErrorAlert, Heading, Loading, PageTitle, Paragraph } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';
import { useRealtime } from '../../realtime/useRealtime.js';
import { ConsultationCard } from './parts.js';

/**
 * The expert's questions (open ones first, oldest at the top) or the counsellor's own questions to
 * specialists. Nothing here names a family: each is shown under its pseudonym.
 */
export default function ConsultationsScreen() {
  const { t } = useI18n();
  const user = useUser();
  const isExpert = user.role === 'expert';
  const [items, setItems] = useState<ConsultationListItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = () => { api<Page<ConsultationListItem>>('/api/consultations?state=all&limit=200').then((page) => setItems(page.items), setError); };
  useEffect(load, []);
  useRealtime({ 'consultation:message': load, 'consultation:closed': load, connect: (again) => { if (again) load(); } });

  const open = (items ?? []).filter((c) => c.status !== 'closed');
  const closed = (items ?? []).filter((c) => c.status === 'closed');
  return (
    <>
      <PageTitle>{isExpert ? t('cons.titleExpert') : t('cons.title')}</PageTitle>
      <Paragraph>{isExpert ? t('cons.introExpert') : t('cons.introCounsellor')}</Paragraph>
      <ErrorAlert error={error} />
      {!items && !error ? <Loading /> : null}
      {items ? (
        <>
          <Heading level={2}>{t('cons.open')}</Heading>
          {open.length === 0 ? <Alert type="info">{isExpert ? t('cons.noOpen') : t('cons.none')}</Alert> : (
            <ul className="ev-list" aria-label={t('cons.open')}>{open.map((item) => <ConsultationCard key={item.id} item={item} />)}</ul>
          )}
          {closed.length > 0 ? (
            <>
              <Heading level={2}>{t('cons.closedList')}</Heading>
              <ul className="ev-list" aria-label={t('cons.closedList')}>{closed.map((item) => <ConsultationCard key={item.id} item={item} />)}</ul>
            </>
          ) : null}
        </>
      ) : null}
    </>
  );
}

/** The expert's start page: the open questions, oldest first. */
export function ExpertHomeSection() {
  const { t } = useI18n();
  const [items, setItems] = useState<ConsultationListItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = () => { api<Page<ConsultationListItem>>('/api/consultations?state=open&limit=200').then((page) => setItems(page.items), setError); };
  useEffect(load, []);
  useRealtime({ 'consultation:message': load, 'consultation:closed': load });
  return (
    <section aria-labelledby="cons-home">
      <Heading level={2} id="cons-home">{t('cons.homeTitle')}</Heading>
      <Paragraph small>{t('cons.introExpert')}</Paragraph>
      <ErrorAlert error={error} />
      {!items && !error ? <Loading /> : null}
      {items && items.length === 0 ? <Alert type="info">{t('cons.noOpen')}</Alert> : null}
      {items && items.length > 0 ? (
        <ul className="ev-list" aria-label={t('cons.homeTitle')}>{items.map((item) => <ConsultationCard key={item.id} item={item} />)}</ul>
      ) : null}
    </section>
  );
}
