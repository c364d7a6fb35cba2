import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { ConsultationCreated, ConsultationListItem, Expert, Page } from '../../api/types.js';
import { useRouter } from '../../app/router.js';
import { Alert, Button, ButtonGroup, ErrorAlert, Heading, Paragraph, SelectField, TextArea } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';
import { RadioGroup, useFormSubmit } from '../case/casework.js';
import type { CaseContext } from '../case/CaseScreen.js';
import { ConsultationCard, specialismWord } from './parts.js';

const BASES = ['parent_consent', 'professional_need'] as const;

/**
 * The counsellor's "ask a specialist" on the case screen: choose an expert of the pool, say on
 * what grounds, write the question without names. The earlier questions about this family are
 * listed above the form, each followed on its own screen.
 */
export function AskExpertTab({ caseFile }: CaseContext) {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const [experts, setExperts] = useState<Expert[] | null>(null);
  const [earlier, setEarlier] = useState<ConsultationListItem[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [expertId, setExpertId] = useState('');
  const [basis, setBasis] = useState<(typeof BASES)[number] | ''>('');
  const [question, setQuestion] = useState('');
  const { busy, errors, setErrors, formError, setFormError, run } = useFormSubmit(['expertId', 'basis', 'question'], t);

  useEffect(() => {
    api<Expert[]>('/api/experts').then(setExperts, setLoadError);
    api<Page<ConsultationListItem>>('/api/consultations?state=all&limit=200')
      .then((page) => setEarlier(page.items.filter((c) => c.caseId === caseFile.id)), setLoadError);
  }, [caseFile.id]);

  const send = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const missing: Record<string, string> = {};
    if (!expertId) missing.expertId = t('cons.ask.expertMissing');
    if (!basis) missing.basis = t('cons.ask.basisMissing');
    if (!question.trim()) missing.question = t('cons.ask.questionMissing');
    setErrors(missing);
    if (Object.keys(missing).length > 0) return;
    await run(async () => {
      const created = await api<ConsultationCreated>(`/api/cases/${caseFile.id}/consultations`, { method: 'POST', body: { expertId, basis, question: question.trim() } });
      navigate(`/consultations/${created.id}`);
    });
  };

  return (
    <>
      <Paragraph>{t('cons.ask.explain')}</Paragraph>
      <ErrorAlert error={loadError} />
      <Heading level={3}>{t('cons.ask.earlier')}</Heading>
      {earlier && earlier.length === 0 ? <Paragraph small>{t('cons.ask.noEarlier')}</Paragraph> : null}
      {earlier && earlier.length > 0 ? (
        <ul className="ev-list" aria-label={t('cons.ask.earlier')}>{earlier.map((item) => <ConsultationCard key={item.id} item={item} />)}</ul>
      ) : null}
      <form onSubmit={send} className="ev-card" noValidate aria-labelledby="cons-ask-title">
        <h3 id="cons-ask-title" className="utrecht-heading-3">{t('cons.ask.title')}</h3>
        <ErrorAlert error={formError} />
        {experts && experts.length === 0 ? <Alert type="info">{t('cons.ask.noExperts')}</Alert> : null}
        <SelectField label={t('cons.ask.expert')} error={errors.expertId} value={expertId} onChange={setExpertId} placeholder={t('cons.ask.chooseExpert')}
          options={(experts ?? []).map((e) => ({ value: e.id, label: `${e.displayName} — ${specialismWord(t, e.specialism ?? 'other')}` }))} />
        <RadioGroup legend={t('cons.ask.basis')} description={t('cons.ask.basisHelp')} error={errors.basis} value={basis} onChange={(value) => setBasis(value)}
          options={BASES.map((b) => ({ value: b, label: t(`cons.basis.${b}`) }))} />
        <TextArea label={t('cons.ask.question')} description={t('cons.ask.questionHelp')} error={errors.question} rows={5} maxLength={5000}
          value={question} onChange={(e) => setQuestion(e.target.value)} />
        <ButtonGroup><Button type="submit" busy={busy} disabled={busy}>{t('cons.ask.send')}</Button></ButtonGroup>
      </form>
    </>
  );
}
