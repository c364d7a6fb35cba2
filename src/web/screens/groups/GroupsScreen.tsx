import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { Group, GroupPage, GroupReportPage, Region } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { useUser } from '../../app/session.js';
import { Alert, Button, ButtonGroup, ErrorAlert, Heading, Loading, PageTitle, Paragraph, SelectField, StatusBadge, TextArea, TextField } from '../../components/ui.js';
import { formatDateTime, useI18n } from '../../i18n/i18n.js';
import { useFormSubmit } from '../case/casework.js';
import { useRegions } from '../directory/useRegions.js';

/**
 * The peer groups a user may see: parents the open groups (with their rules, before they ask to
 * join) and their own; coordinators every group of their team, a form to start one, and the
 * reports that went past a group's moderators.
 */
export default function GroupsScreen() {
  const { t } = useI18n();
  const user = useUser();
  const [groups, setGroups] = useState<Group[] | null>(null);
  const { regions, regionName } = useRegions();
  const [error, setError] = useState<unknown>(null);

  // The groups are for parents and the team that runs them (as in the menu); anyone else who opens
  // the address reads that in plain words, not "U mag dit niet doen".
  const forMe = ['parent', 'counsellor', 'coordinator'].includes(user.role);
  const load = useCallback(() => {
    if (!forMe) return;
    api<GroupPage>('/api/groups?limit=200').then((page) => setGroups(page.items), setError);
  }, [forMe]);
  useEffect(load, [load]);

  if (!forMe) {
    return (
      <>
        <PageTitle>{t('groups.title')}</PageTitle>
        <Alert type="info">{user.role === 'child' ? t('groups.notForYouChild') : t('groups.notForYou')}</Alert>
        <Paragraph><Link href="/">{user.role === 'child' ? t('child.backHome') : t('groups.backHome')}</Link></Paragraph>
      </>
    );
  }
  return (
    <>
      <PageTitle>{t('groups.title')}</PageTitle>
      <Paragraph lead>{user.role === 'parent' ? t('groups.intro') : t('groups.introStaff')}</Paragraph>
      <ErrorAlert error={error} />
      {!groups && !error ? <Loading /> : null}
      {groups && groups.length === 0 ? <Paragraph>{t('groups.empty')}</Paragraph> : null}
      {groups && groups.length > 0 ? (
        <ul className="ev-group-list">
          {groups.map((g) => (
            <li key={g.id} className="ev-card ev-group">
              <Heading level={2}>{g.name}</Heading>
              <p className="utrecht-paragraph ev-group__facts">
                {t('groups.theme', { theme: g.theme })}
                {g.regionCode ? <> · {t('groups.region', { region: regionName(g.regionCode) })}</> : null}
                {' · '}{t('groups.members', { count: g.memberCount })}
              </p>
              <p className="utrecht-paragraph">
                {g.membership?.status === 'active' ? <StatusBadge kind="active">{g.membership.role === 'moderator' ? t('groups.status.moderator') : t('groups.status.active')}</StatusBadge> : null}
                {g.membership?.status === 'requested' ? <StatusBadge kind="warning">{t('groups.status.requested')}</StatusBadge> : null}
                {!g.open ? <> <StatusBadge>{t('groups.closed')}</StatusBadge></> : null}
              </p>
              <Paragraph>{g.description}</Paragraph>
              {user.role === 'parent' && !g.membership ? (
                <details className="ev-group__rules">
                  <summary>{t('group.rules')}</summary>
                  <p className="utrecht-paragraph ev-message__body">{g.rules}</p>
                </details>
              ) : null}
              <p className="utrecht-paragraph"><Link href={`/groups/${g.id}`} aria-label={`${t('groups.open')}: ${g.name}`}>{t('groups.open')}</Link></p>
            </li>
          ))}
        </ul>
      ) : null}
      {user.role === 'coordinator' ? <EscalatedReports /> : null}
      {user.role === 'coordinator' ? <CreateGroup regions={regions} onCreated={load} /> : null}
    </>
  );
}

function CreateGroup({ regions, onCreated }: { regions: Region[]; onCreated(): void }) {
  const { t } = useI18n();
  const [form, setForm] = useState({ name: '', theme: '', regionCode: '', description: '', rules: '' });
  const { busy, errors, formError, setFormError, run } = useFormSubmit(['name', 'theme', 'regionCode', 'description', 'rules'], t);
  const [done, setDone] = useState<string | null>(null);
  const set = (field: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [field]: value }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    setDone(null);
    await run(async () => {
      const created = await api<Group>('/api/groups', {
        method: 'POST',
        body: { name: form.name, theme: form.theme, description: form.description, rules: form.rules, ...(form.regionCode ? { regionCode: form.regionCode } : {}) },
      });
      setDone(t('groups.create.done', { name: created.name }));
      setForm({ name: '', theme: '', regionCode: '', description: '', rules: '' });
      onCreated();
    });
  };
  return (
    <section aria-labelledby="create-group" className="ev-card">
      <Heading level={2} id="create-group">{t('groups.create.title')}</Heading>
      {done ? <Alert type="ok">{done}</Alert> : null}
      <ErrorAlert error={formError} />
      <form onSubmit={submit}>
        <TextField label={t('groups.create.name')} error={errors.name} value={form.name} onChange={(e) => set('name')(e.target.value)} required maxLength={120} />
        <TextField label={t('groups.create.theme')} description={t('groups.create.themeHelp')} error={errors.theme} value={form.theme} onChange={(e) => set('theme')(e.target.value)} required maxLength={200} />
        <SelectField label={t('groups.create.region')} error={errors.regionCode} value={form.regionCode} onChange={set('regionCode')} placeholder={t('groups.create.noRegion')}
          options={regions.map((r) => ({ value: r.code, label: r.name }))} />
        <TextArea label={t('groups.create.description')} error={errors.description} value={form.description} onChange={(e) => set('description')(e.target.value)} required rows={3} maxLength={4000} />
        <TextArea label={t('groups.create.rules')} description={t('groups.create.rulesHelp')} error={errors.rules} value={form.rules} onChange={(e) => set('rules')(e.target.value)} required rows={5} maxLength={8000} />
        <ButtonGroup><Button type="submit" busy={busy} disabled={busy}>{t('groups.create.submit')}</Button></ButtonGroup>
      </form>
    </section>
  );
}

function EscalatedReports() {
  const { t, locale } = useI18n();
  const [reports, setReports] = useState<GroupReportPage['items'] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => { api<GroupReportPage>('/api/groups/reports/escalated').then((page) => setReports(page.items), setError); }, []);
  return (
    <section aria-labelledby="escalated" className="ev-card">
      <Heading level={2} id="escalated">{t('groups.escalated.title')}</Heading>
      <Paragraph>{t('groups.escalated.intro')}</Paragraph>
      <ErrorAlert error={error} />
      {reports && reports.length === 0 ? <Paragraph>{t('groups.escalated.empty')}</Paragraph> : null}
      {reports && reports.length > 0 ? (
        <ul className="ev-messages">
          {reports.map((r) => (
            <li key={r.id} className="ev-message">
              <p className="ev-message__meta">
                <strong>{r.groupName}</strong> · {t('moderation.reportBy', { pseudonym: r.reporter.pseudonym, when: formatDateTime(r.createdAt, locale) })}
                {r.urgent ? <> <StatusBadge kind="danger">{t('moderation.urgent')}</StatusBadge></> : null}
              </p>
              <p className="ev-message__body">{r.message.author.pseudonym}: {r.message.body}</p>
              <p className="utrecht-paragraph">{t('moderation.reportReason', { reason: r.reason })}</p>
              <p className="utrecht-paragraph"><Link href={`/groups/${r.groupId}/moderation`}>{t('group.moderation')}</Link></p>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
