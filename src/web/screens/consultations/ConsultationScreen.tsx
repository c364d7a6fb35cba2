import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.js';
import type { Consultation, ConsultationMessage } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { useUser } from '../../app/session.js';
import { Alert, Button, ButtonGroup, ErrorAlert, Heading, LiveNotice, Loading, PageTitle, Paragraph, TextArea } from '../../components/ui.js';
import { formatDateTime, useI18n } from '../../i18n/i18n.js';
import { useRealtime } from '../../realtime/useRealtime.js';
import { useFormSubmit } from '../case/casework.js';
import { AnalysisAddition } from './AnalysisAddition.js';
import { ConsultationStatus, specialismWord, SummaryView } from './parts.js';

/**
 * One consultation: the question, the summary without names, and the conversation between the
 * counsellor and the specialist, live over the socket. The expert reads the family only under its
 * pseudonym and the counsellor only as "the counsellor".
 */
export default function ConsultationScreen({ params }: { params: Record<string, string> }) {
  const { t, locale } = useI18n();
  const user = useUser();
  const id = params.consultationId;
  const [consultation, setConsultation] = useState<Consultation | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [body, setBody] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, errors, setErrors, formError, setFormError, run } = useFormSubmit(['body'], t);
  const isExpert = user.role === 'expert';

  const load = useCallback(() => { api<Consultation>(`/api/consultations/${id}`).then(setConsultation, setLoadError); }, [id]);
  useEffect(load, [load]);
  useRealtime({
    'consultation:message': (event) => {
      if (event.consultationId !== id) return;
      setConsultation((c) => (c && !c.messages.some((m) => m.id === event.message.id)
        ? { ...c, status: event.status, messages: [...c.messages, event.message as ConsultationMessage] } : c));
      setNotice(event.message.author.side === 'expert' ? t('cons.newFromExpert') : t('cons.newFromCounsellor'));
    },
    'consultation:closed': (event) => {
      if (event.consultationId !== id) return;
      setNotice(t('cons.closedByOther'));
      load();
    },
    connect: (again) => { if (again) load(); },
  });

  if (loadError) {
    return (
      <>
        <PageTitle>{loadError instanceof ApiError && loadError.status === 404 ? t('notFound.title') : t('alert.error')}</PageTitle>
        <ErrorAlert error={loadError} />
        <Paragraph><Link href="/consultations">{t('cons.back')}</Link></Paragraph>
      </>
    );
  }
  if (!consultation) return <Loading />;

  const send = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    setNotice(null);
    if (!body.trim()) { setErrors({ body: t('cons.bodyMissing') }); return; }
    setErrors({});
    await run(async () => {
      const message = await api<ConsultationMessage>(`/api/consultations/${id}/messages`, { method: 'POST', body: { body: body.trim() } });
      setConsultation((c) => (c ? {
        ...c, status: isExpert && c.status === 'requested' ? 'answered' : c.status, messages: [...c.messages, message],
      } : c));
      setBody('');
      setNotice(t('cons.sent'));
    });
  };
  const close = async () => {
    await run(async () => {
      setConsultation(await api<Consultation>(`/api/consultations/${id}/close`, { method: 'POST', body: {} }));
    });
  };
  const author = (m: ConsultationMessage) => (m.author.mine ? t('cons.you')
    : m.author.side === 'expert' ? (m.author.displayName ?? t('cons.theExpert')) : (m.author.displayName ?? t('cons.theCounsellor')));
  const closed = consultation.status === 'closed';

  return (
    <>
      <PageTitle>{consultation.pseudonym}</PageTitle>
      <p className="utrecht-paragraph ev-meta">
        <ConsultationStatus status={consultation.status} /> · {t('cons.specialistIn', { specialism: specialismWord(t, consultation.specialism) })} · {t(`cons.basis.${consultation.basis}`)}
      </p>
      <p className="ev-audience">{isExpert ? t('cons.whoSeesExpert') : t('cons.whoSees', { other: consultation.expert?.displayName ?? t('cons.theExpert') })}</p>
      <Paragraph>
        <Link href="/consultations">{t('cons.back')}</Link>
        {consultation.caseId ? <> · <Link href={`/cases/${consultation.caseId}?tab=experts`}>{t('cons.toCase')}</Link></> : null}
      </Paragraph>
      <section aria-labelledby="cons-question" className="ev-card">
        <Heading level={2} id="cons-question">{t('cons.question')}</Heading>
        <p className="utrecht-paragraph ev-story-text">{consultation.question}</p>
        <Paragraph small>{t('cons.askedOn', { date: formatDateTime(consultation.createdAt, locale) })}</Paragraph>
      </section>
      <SummaryView summary={consultation.summary} />
      <section aria-labelledby="cons-conversation">
        <Heading level={2} id="cons-conversation">{t('cons.conversation')}</Heading>
        <Paragraph small>{t('cons.live')}</Paragraph>
        {consultation.messages.length === 0 ? <Paragraph>{t('cons.noMessages')}</Paragraph> : (
          <ol className="ev-messages" aria-label={t('cons.conversation')}>
            {consultation.messages.map((m) => (
              <li key={m.id} className={m.author.mine ? 'ev-message ev-message--mine' : 'ev-message'} data-testid="consultation-message">
                <p className="ev-message__meta">{author(m)} · {formatDateTime(m.createdAt, locale)}</p>
                <p className="ev-message__body">{m.body}</p>
              </li>
            ))}
          </ol>
        )}
        <LiveNotice message={notice} />
        {closed ? <Alert type="info">{t('cons.closedNotice')}</Alert> : (
          <form onSubmit={send} className="ev-card" noValidate aria-label={t('cons.writeForm')}>
            <ErrorAlert error={formError} />
            <TextArea label={t('cons.write')} error={errors.body} rows={4} maxLength={20000} value={body} onChange={(e) => setBody(e.target.value)}
              description={isExpert ? t('cons.writeHelpExpert') : t('cons.writeHelpCounsellor', { pseudonym: consultation.pseudonym })} />
            <ButtonGroup>
              <Button type="submit" busy={busy} disabled={busy}>{t('cons.send')}</Button>
              <Button type="button" appearance="secondary-action-button" disabled={busy} onClick={() => void close()}>{t('cons.close')}</Button>
            </ButtonGroup>
          </form>
        )}
      </section>
      {isExpert && !closed ? <AnalysisAddition consultationId={id} /> : null}
    </>
  );
}
