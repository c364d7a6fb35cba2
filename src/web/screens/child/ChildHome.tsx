import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { CaseSummary, ChildChecklist, ChildVoice, MyChildRecord, MyChildRecords, Page, Thread } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { useUser } from '../../app/session.js';
import { Alert, Button, ButtonGroup, Checkbox, ErrorAlert, Fieldset, Heading, Loading, PageTitle, Paragraph, TextArea } from '../../components/ui.js';
import { useI18n, type Translate } from '../../i18n/i18n.js';
import { Helplines } from './Helplines.js';

/** Whom a child lets read their voice: the API's own list (ChildVoiceResponse.visibleTo). */
type Reader = ChildVoice['visibleTo'][number];
const MAX_VOICE = 5000;

/**
 * A child's own home (issue 20), in words a child understands: the conversations they are in,
 * their own voice (what their counsellor should know, and who else may read it), the checklist
 * and who they can talk to. Never the parents' story, the access log or the consent screens.
 */
export default function ChildHome() {
  const { t, language } = useI18n();
  const user = useUser();
  const [records, setRecords] = useState<MyChildRecord[] | null>(null);
  const [threads, setThreads] = useState<Thread[] | null>(null);
  const [checklist, setChecklist] = useState<ChildChecklist | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api<MyChildRecords>('/api/children/me').then((r) => setRecords(r.items), setError);
    api<Page<CaseSummary>>('/api/cases?limit=200').then(async (page) => {
      const lists = await Promise.all(page.items.map((c) => api<Thread[] | { items: Thread[] }>(`/api/cases/${c.id}/threads`)
        .then((answer) => (Array.isArray(answer) ? answer : answer.items))));
      setThreads(lists.flat());
    }).catch(setError);
  }, []);
  useEffect(() => {
    api<ChildChecklist>(`/api/children/checklist?lang=${language}`, { anonymous: true }).then(setChecklist, () => setChecklist(null));
  }, [language]);

  return (
    <>
      <PageTitle>{t('child.title', { name: user.displayName })}</PageTitle>
      <Paragraph lead>{t('child.intro')}</Paragraph>
      <ErrorAlert error={error} />

      <section aria-labelledby="child-messages" className="ev-card">
        <Heading level={2} id="child-messages">{t('child.messagesTitle')}</Heading>
        <Paragraph>{t('child.messagesIntro')}</Paragraph>
        {!threads && !error ? <Loading /> : null}
        {threads && threads.length === 0 ? <Paragraph>{t('child.messagesNone')}</Paragraph> : null}
        {threads && threads.length > 0 ? (
          <ul className="ev-list" aria-labelledby="child-messages">
            {threads.map((thread) => (
              <li key={thread.id}>
                <Link href={`/cases/${thread.caseId}/threads/${thread.id}`}>{thread.title}</Link>
                {thread.unreadCount > 0 ? <> · <strong>{t('child.unread', { count: thread.unreadCount })}</strong></> : null}
                <br />
                <span className="utrecht-paragraph--small">{t('child.withWho', { names: thread.members.filter((m) => m.id !== user.id).map((m) => m.displayName).join(', ') })}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      <section aria-labelledby="child-voice" className="ev-card">
        <Heading level={2} id="child-voice">{t('child.voiceTitle')}</Heading>
        <Paragraph>{t('child.voiceIntro')}</Paragraph>
        {!records && !error ? <Loading /> : null}
        {records && records.length === 0 ? <Alert type="info">{t('child.notLinked')}</Alert> : null}
        {records?.map((record) => <VoiceForm key={record.childId} record={record} several={records.length > 1} />)}
      </section>

      <section aria-labelledby="child-checklist" className="ev-card">
        <Heading level={2} id="child-checklist">{t('child.checklistTitle')}</Heading>
        <Paragraph>{t('child.checklistText')}</Paragraph>
        <Paragraph><Link href="/children/checklist">{t('child.checklistLink')}</Link></Paragraph>
      </section>

      <section aria-labelledby="child-talk" className="ev-card">
        <Heading level={2} id="child-talk">{t('child.talkTitle')}</Heading>
        <Paragraph>{t('child.talkIntro')}</Paragraph>
        {checklist ? <Helplines checklist={checklist} /> : null}
      </section>
    </>
  );
}

/** Who reads the voice now, in a child's words: "je begeleider en je ouders". */
export function readersInWords(t: Translate, readers: readonly string[]): string {
  const words = (['counsellor', 'parents', 'guardian'] as const).filter((r) => r === 'counsellor' || readers.includes(r)).map((r) => t(`child.reader.${r}`));
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} ${t('child.and')} ${words[words.length - 1]}` : words[0];
}

function VoiceForm({ record, several }: { record: MyChildRecord; several: boolean }) {
  const { t } = useI18n();
  const [text, setText] = useState(record.voice.text);
  const [readers, setReaders] = useState<Reader[]>(record.voice.visibleTo);
  const [saved, setSaved] = useState<ChildVoice | null>(null);
  // Who reads it on the server; a tick not yet saved changes nothing there, and the line says so.
  const [savedReaders, setSavedReaders] = useState<Reader[]>(record.voice.visibleTo);
  const unsaved = readers.length !== savedReaders.length || readers.some((r) => !savedReaders.includes(r));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const toggle = useCallback((reader: Reader, on: boolean) => {
    setReaders((current) => (on ? [...new Set([...current, reader])] : current.filter((r) => r !== reader)));
    setSaved(null);
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (text.length > MAX_VOICE) { setFieldError(t('child.tooLong')); return; }
    setBusy(true);
    setError(null);
    try {
      const answer = await api<ChildVoice>(`/api/cases/${record.caseId}/children/${record.childId}/voice`, {
        method: 'PUT', body: { text, visibleTo: readers },
      });
      setSaved(answer);
      setReaders(answer.visibleTo);
      setSavedReaders(answer.visibleTo);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate data-testid="child-voice-form">
      <TextArea label={several ? t('child.voiceLabelFor', { reference: record.caseReference }) : t('child.voiceLabel')} description={t('child.voiceHelp')}
        value={text} rows={6} maxLength={MAX_VOICE} error={fieldError}
        onChange={(e) => { setText(e.target.value); setSaved(null); setFieldError(null); }} />
      <Fieldset legend={t('child.readersLegend')} description={t('child.readerCounsellor')}>
        <Checkbox label={t('child.readerParents')} checked={readers.includes('parents')} onChange={(on) => toggle('parents', on)} />
        <Checkbox label={t('child.readerGuardian')} description={t('child.readerGuardianHelp')} checked={readers.includes('guardian')} onChange={(on) => toggle('guardian', on)} />
      </Fieldset>
      <p className="ev-audience" data-testid="child-voice-readers">{t(unsaved ? 'child.readersAfterSave' : 'child.readersNow', { readers: readersInWords(t, readers) })}</p>
      <ErrorAlert error={error} />
      <div role="status">{saved ? <Alert type="ok">{t('child.saved')}</Alert> : null}</div>
      <ButtonGroup><Button type="submit" busy={busy} disabled={busy}>{t('child.save')}</Button></ButtonGroup>
    </form>
  );
}
