import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import type { Page, Story, StorySection } from '../../api/types.js';
import { label } from '../../components/labels.js';
import { Alert, Button, ButtonGroup, ErrorAlert, Heading, Loading, Paragraph, TextArea } from '../../components/ui.js';
import { formatDateTime, useI18n, type Translate } from '../../i18n/i18n.js';
import type { CaseContext } from './CaseScreen.js';
import { draftKey } from '../../app/drafts.js';

function startingSections(t: Translate): StorySection[] {
  return [
    { key: 'wat-er-gebeurde', title: t('story.section.happened'), text: '' },
    { key: 'hoe-het-nu-gaat', title: t('story.section.now'), text: '' },
    { key: 'wat-ik-wil', title: t('story.section.wish'), text: '' },
  ];
}

const storyDraftKey = (caseId: string) => draftKey('story', caseId);

/**
 * The story, told once. The parent writes in their own words, saves as often as they like (each
 * save is a new version; nothing is overwritten) and confirms when it is right. An unsaved draft is
 * kept in this browser tab only (a reload does not lose it) and is cleared when the session ends.
 */
export function StoryTab({ caseFile, isParent, isTeam }: CaseContext) {
  const { t, locale } = useI18n();
  const [story, setStory] = useState<Story | null>(null);
  const [versions, setVersions] = useState<Story[] | null>(null);
  const [editing, setEditing] = useState<StorySection[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The parent writes; a counsellor may write it down together with the parent. Coordinators and partners read.
  const canWrite = isParent || caseFile.myRole === 'counsellor';

  const load = useCallback(() => {
    api<Story>(`/api/cases/${caseFile.id}/story`).then(setStory, setError);
    api<Page<Story>>(`/api/cases/${caseFile.id}/story/versions?limit=50`).then((p) => setVersions(p.items), () => setVersions([]));
  }, [caseFile.id]);
  useEffect(load, [load]);
  useEffect(() => {
    const saved = sessionStorage.getItem(storyDraftKey(caseFile.id));
    if (saved) {
      try { setEditing(JSON.parse(saved) as StorySection[]); } catch { sessionStorage.removeItem(storyDraftKey(caseFile.id)); }
    }
  }, [caseFile.id]);

  const change = (index: number, text: string) => {
    setEditing((sections) => {
      const next = sections!.map((s, i) => (i === index ? { ...s, text } : s));
      sessionStorage.setItem(storyDraftKey(caseFile.id), JSON.stringify(next));
      return next;
    });
  };

  const save = async () => {
    if (!editing) return;
    setBusy(true);
    setError(null);
    try {
      const saved = await api<Story>(`/api/cases/${caseFile.id}/story`, { method: 'PUT', body: { sections: editing.filter((s) => s.text.trim() || s.title) } });
      sessionStorage.removeItem(storyDraftKey(caseFile.id));
      setEditing(null);
      setStory(saved);
      setNotice(t('story.saved', { version: saved.version }));
      load();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    if (!story) return;
    setBusy(true);
    setError(null);
    try {
      setStory(await api<Story>(`/api/cases/${caseFile.id}/story/confirm`, { method: 'POST', body: { version: story.version } }));
      setNotice(t('story.confirmedNotice'));
      load();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  if (!caseFile.access.story && !isTeam && !isParent) return <Alert type="info">{t('case.noAccess.story')}</Alert>;
  return (
    <>
      <p className="ev-audience">{isParent ? t('story.audienceParent') : t('story.audienceOthers')}</p>
      <ErrorAlert error={error} />
      {notice ? <Alert type="ok">{notice}</Alert> : null}
      {!story && !error ? <Loading /> : null}
      {editing ? (
        <form onSubmit={(e) => { e.preventDefault(); void save(); }}>
          {isParent ? <Paragraph>{t('story.writeIntro')}</Paragraph> : null}
          {editing.map((section, i) => (
            <TextArea key={section.key} label={section.title} value={section.text} rows={8} maxLength={20000}
              onChange={(e) => change(i, e.target.value)} description={i === 0 && isParent ? t('story.ownWords') : undefined} />
          ))}
          <ButtonGroup>
            <Button type="submit" busy={busy} disabled={busy}>{t('story.save')}</Button>
            <Button appearance="secondary-action-button" onClick={() => { setEditing(null); sessionStorage.removeItem(storyDraftKey(caseFile.id)); }}>
              {t('common.cancel')}
            </Button>
          </ButtonGroup>
        </form>
      ) : null}
      {story && !editing ? (
        story.version === 0 ? (
          <>
            <Paragraph lead>{isParent ? t('story.emptyParent') : t('story.empty')}</Paragraph>
            {canWrite ? <ButtonGroup><Button onClick={() => setEditing(startingSections(t))}>{t('story.start')}</Button></ButtonGroup> : null}
          </>
        ) : (
          <>
            <p className="utrecht-paragraph ev-meta" data-testid="story-version">
              {t('story.versionLine', {
                version: story.version,
                date: formatDateTime(story.updatedAt, locale),
                name: story.updatedBy ? `${story.updatedBy.displayName} (${label(t, 'caseRole', story.updatedBy.role)})` : t('common.unknown'),
              })}
            </p>
            {story.confirmedByParentAt
              ? <Alert type="ok" title={t('story.confirmedTitle')}>{t('story.confirmedOn', { date: formatDateTime(story.confirmedByParentAt, locale), name: story.confirmedBy?.displayName ?? '' })}</Alert>
              : <Alert type="warning" title={t('story.notConfirmedTitle')}>{isParent ? t('story.notConfirmedParent') : t('story.notConfirmed')}</Alert>}
            {story.sections.map((s) => (
              <section key={s.key} aria-label={s.title}>
                <Heading level={3}>{s.title}</Heading>
                <p className="utrecht-paragraph ev-story-text">{s.text || '—'}</p>
              </section>
            ))}
            <ButtonGroup>
              {canWrite ? <Button appearance={isParent && !story.confirmedByParentAt ? 'secondary-action-button' : 'primary-action-button'} onClick={() => setEditing(story.sections.map((s) => ({ ...s })))}>{t('story.edit')}</Button> : null}
              {isParent && !story.confirmedByParentAt ? <Button busy={busy} disabled={busy} onClick={() => void confirm()}>{t('story.confirm')}</Button> : null}
            </ButtonGroup>
          </>
        )
      ) : null}
      {versions && versions.length > 1 ? (
        <details className="ev-card">
          <summary>{t('story.versions', { count: versions.length })}</summary>
          <ol className="utrecht-ordered-list">
            {versions.map((v) => (
              <li key={v.version} className="utrecht-ordered-list__item">
                {t('story.versionShort', { version: v.version, date: formatDateTime(v.updatedAt, locale), name: v.updatedBy?.displayName ?? t('common.unknown') })}
                {v.confirmedByParentAt ? ` — ${t('story.confirmedTitle')}` : ''}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </>
  );
}
