import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../../api/client.js';
import type { Page, Story, StorySection } from '../../api/types.js';
import { label } from '../../components/labels.js';
import { Alert, Button, ButtonGroup, ErrorAlert, Heading, Loading, Paragraph, TextArea } from '../../components/ui.js';
import { formatDateTime, useI18n, type Translate } from '../../i18n/i18n.js';
import type { CaseContext } from './CaseScreen.js';
import { WhoReads } from './readers.js';
import { draftKey } from '../../app/drafts.js';

function startingSections(t: Translate): StorySection[] {
  return [
    { key: 'wat-er-gebeurde', title: t('story.section.happened'), text: '' },
    { key: 'hoe-het-nu-gaat', title: t('story.section.now'), text: '' },
    { key: 'wat-ik-wil', title: t('story.section.wish'), text: '' },
  ];
}

const storyDraftKey = (caseId: string) => draftKey('story', caseId);

/** Moves focus to the case's section heading ("Mijn verhaal"), where the notice below it is read next. */
function focusSectionHeading() {
  const heading = document.getElementById('case-section-title');
  if (!heading) return;
  heading.setAttribute('tabindex', '-1');
  heading.focus();
}

/**
 * The story, told once. The parent writes in their own words, saves as often as they like (each
 * save is a new version; nothing is overwritten) and confirms when it is right. An unsaved draft is
 * kept in this browser tab only, so an expired session does not lose it.
 */
export function StoryTab({ caseFile, participants, isParent, isTeam }: CaseContext) {
  const { t, locale } = useI18n();
  const [story, setStory] = useState<Story | null>(null);
  const [versions, setVersions] = useState<Story[] | null>(null);
  const [editing, setEditing] = useState<StorySection[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The text the editor started from, to know whether "Annuleren" would throw anything away. */
  const [original, setOriginal] = useState<string | null>(null);
  const [askDiscard, setAskDiscard] = useState(false);
  const [opened, setOpened] = useState<Story | null>(null);
  const editHeading = useRef<HTMLHeadingElement>(null);
  const discardQuestion = useRef<HTMLParagraphElement>(null);
  const openedHeading = useRef<HTMLHeadingElement>(null);
  const [focusEditor, setFocusEditor] = useState(false);
  const isPartner = !isParent && !isTeam;
  // The parent writes; a counsellor may write it down together with the parent. Coordinators and partners read.
  const canWrite = isParent || caseFile.myRole === 'counsellor';

  const load = useCallback(() => {
    api<Story>(`/api/cases/${caseFile.id}/story`).then(setStory, setError);
    api<Page<Story>>(`/api/cases/${caseFile.id}/story/versions?limit=50`).then((p) => setVersions(p.items), () => setVersions([]));
  }, [caseFile.id]);
  useEffect(load, [load]);
  useEffect(() => {
    if (focusEditor && editing) { editHeading.current?.focus(); setFocusEditor(false); }
  }, [focusEditor, editing]);
  useEffect(() => { if (askDiscard) discardQuestion.current?.focus(); }, [askDiscard]);
  useEffect(() => { if (opened) openedHeading.current?.focus(); }, [opened]);
  const startEditing = (sections: StorySection[]) => {
    setNotice(null);
    setOriginal(JSON.stringify(sections.map((x) => x.text)));
    setEditing(sections);
    setFocusEditor(true);
  };
  const discard = () => {
    setEditing(null);
    setAskDiscard(false);
    sessionStorage.removeItem(storyDraftKey(caseFile.id));
    focusSectionHeading();
  };
  const cancel = () => {
    // A draft restored after a reload has no starting point: always ask.
    if (editing && JSON.stringify(editing.map((x) => x.text)) === original) discard();
    else setAskDiscard(true);
  };
  const lastConfirmed = versions?.find((v) => v.confirmedByParentAt) ?? null;
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
      setAskDiscard(false);
      focusSectionHeading();
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
      focusSectionHeading();
      load();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const consentGone = error instanceof ApiError && error.code === 'consent_required';
  if ((!caseFile.access.story || consentGone) && !isTeam && !isParent) return <Alert type="info">{t('case.noAccess.story')}</Alert>;
  return (
    <>
      <div className="ev-audience">
        <p className="utrecht-paragraph">{isParent ? t('story.audienceParent') : isPartner ? t('story.audiencePartner') : t('story.audienceOthers')}</p>
        <WhoReads caseId={caseFile.id} participants={participants} scope="story" show={!isPartner} />
      </div>
      <ErrorAlert error={error} />
      {notice ? <Alert type="ok">{notice}</Alert> : null}
      {!story && !error ? <Loading /> : null}
      {editing ? (
        <form onSubmit={(e) => { e.preventDefault(); void save(); }} aria-labelledby="story-edit-title">
          <h3 id="story-edit-title" ref={editHeading} tabIndex={-1} className="utrecht-heading-3">{story && story.version > 0 ? t('story.editTitle') : t('story.writeTitle')}</h3>
          {isParent ? <Paragraph>{t('story.writeIntro')}</Paragraph> : null}
          {editing.map((section, i) => (
            <TextArea key={section.key} label={section.title} value={section.text} rows={8} maxLength={20000}
              onChange={(e) => change(i, e.target.value)} description={i === 0 && isParent ? t('story.ownWords') : undefined} />
          ))}
          {askDiscard ? (
            <div className="utrecht-alert utrecht-alert--warning" role="group" aria-labelledby="story-discard-question">
              <div className="utrecht-alert__content"><div className="utrecht-alert__message">
                <p id="story-discard-question" ref={discardQuestion} tabIndex={-1} className="utrecht-paragraph"><strong>{t('story.discardQuestion')}</strong></p>
                <p className="utrecht-paragraph">{t('story.discardExplain')}</p>
                <ButtonGroup>
                  <Button danger appearance="secondary-action-button" onClick={discard}>{t('story.discardYes')}</Button>
                  <Button appearance="secondary-action-button" onClick={() => { setAskDiscard(false); editHeading.current?.focus(); }}>{t('story.discardNo')}</Button>
                </ButtonGroup>
              </div></div>
            </div>
          ) : (
            <ButtonGroup>
              <Button type="submit" busy={busy} disabled={busy}>{t('story.save')}</Button>
              <Button appearance="secondary-action-button" onClick={cancel}>{t('common.cancel')}</Button>
            </ButtonGroup>
          )}
        </form>
      ) : null}
      {story && !editing ? (
        story.version === 0 ? (
          <>
            <Paragraph lead>{isParent ? t('story.emptyParent') : isPartner ? t('story.emptyPartner') : t('story.empty')}</Paragraph>
            {canWrite ? <ButtonGroup><Button onClick={() => startEditing(startingSections(t))}>{isParent ? t('story.start') : t('story.startWithParent')}</Button></ButtonGroup> : null}
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
              : (
                <Alert type="warning" title={isTeam ? t('story.draftTitle') : t('story.notConfirmedTitle')}>
                  <p className="utrecht-paragraph">{isParent ? t('story.notConfirmedParent') : t('story.notConfirmed')}</p>
                  {!isPartner ? <p className="utrecht-paragraph">{lastConfirmed ? t('story.partnersReadConfirmed', { version: lastConfirmed.version }) : t('story.partnersReadNothing')}</p> : null}
                </Alert>
              )}
            {story.sections.map((s) => (
              <section key={s.key} aria-label={s.title}>
                <Heading level={3}>{s.title}</Heading>
                <p className="utrecht-paragraph ev-story-text">{s.text || '—'}</p>
              </section>
            ))}
            <ButtonGroup>
              {canWrite ? <Button appearance={isParent && !story.confirmedByParentAt ? 'secondary-action-button' : 'primary-action-button'} onClick={() => startEditing(story.sections.map((s) => ({ ...s })))}>{t('story.edit')}</Button> : null}
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
                {' — '}{v.confirmedByParentAt ? t('story.confirmedTitle') : t('story.draftMark')}{' '}
                <Button appearance="subtle-button" aria-expanded={opened?.version === v.version} onClick={() => setOpened(opened?.version === v.version ? null : v)}>
                  {t('story.openVersion', { version: v.version })}
                </Button>
              </li>
            ))}
          </ol>
        </details>
      ) : null}
      {opened ? (
        <section className="ev-card" aria-labelledby="story-opened-title" data-testid="story-opened-version">
          <h3 id="story-opened-title" ref={openedHeading} tabIndex={-1} className="utrecht-heading-3">
            {t('story.openedTitle', { version: opened.version, date: formatDateTime(opened.updatedAt, locale) })}
          </h3>
          <p className="utrecht-paragraph ev-meta">{opened.confirmedByParentAt
            ? t('story.confirmedOn', { date: formatDateTime(opened.confirmedByParentAt, locale), name: opened.confirmedBy?.displayName ?? '' })
            : t('story.draftMark')}</p>
          {opened.sections.map((s) => (
            <div key={s.key}>
              <p className="utrecht-paragraph"><strong>{s.title}</strong></p>
              <p className="utrecht-paragraph ev-story-text">{s.text || '—'}</p>
            </div>
          ))}
          <ButtonGroup><Button appearance="secondary-action-button" onClick={() => setOpened(null)}>{t('story.closeVersion')}</Button></ButtonGroup>
        </section>
      ) : null}
    </>
  );
}
