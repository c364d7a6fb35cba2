import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import { ANALYSIS_SECTIONS, type AnalysisSection } from '../../api/types.js';
import { Button, ErrorAlert, Heading, LiveNotice, Paragraph, SelectField, TextArea } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';
import { useFormSubmit } from '../case/casework.js';

/**
 * The expert's way into the family's shared analysis (issues 18 and 19): they add their view to a
 * section from the consultation, without seeing the analysis, the family or the case. The family
 * and the team see it beside everyone else's view.
 */
export function AnalysisAddition({ consultationId }: { consultationId: string }) {
  const { t } = useI18n();
  const [section, setSection] = useState<AnalysisSection | ''>('');
  const [text, setText] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, errors, setErrors, formError, setFormError, run } = useFormSubmit(['sectionKey', 'text'], t);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    setNotice(null);
    const missing = { ...(section ? {} : { sectionKey: t('cons.analysis.sectionMissing') }), ...(text.trim() ? {} : { text: t('cons.analysis.textMissing') }) };
    setErrors(missing);
    if (Object.keys(missing).length) return;
    await run(async () => {
      await api(`/api/consultations/${consultationId}/analysis-additions`, { method: 'POST', body: { sectionKey: section, text: text.trim() } });
      setText('');
      setNotice(t('cons.analysis.added'));
    });
  };

  return (
    <section aria-labelledby="cons-analysis" className="ev-card">
      <Heading level={2} id="cons-analysis">{t('cons.analysis.title')}</Heading>
      <Paragraph>{t('cons.analysis.intro')}</Paragraph>
      <form onSubmit={submit} noValidate aria-label={t('cons.analysis.title')}>
        <ErrorAlert error={formError} />
        <SelectField label={t('cons.analysis.section')} error={errors.sectionKey} value={section} onChange={(value) => setSection(value as AnalysisSection)}
          placeholder={t('cons.analysis.choose')} options={ANALYSIS_SECTIONS.map((key) => ({ value: key, label: t(`analysis.section.${key}`) }))} />
        <TextArea label={t('cons.analysis.text')} error={errors.text} rows={4} maxLength={4000} value={text} onChange={(e) => setText(e.target.value)} />
        <Button type="submit" busy={busy} disabled={busy}>{t('cons.analysis.submit')}</Button>
      </form>
      <LiveNotice message={notice} />
    </section>
  );
}
