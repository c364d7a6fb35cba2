import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { DirectoryService, DirectoryServiceInput } from '../../api/types.js';
import { Link, useRouter } from '../../app/router.js';
import { useUser } from '../../app/session.js';
import { ErrorSummary } from '../../components/errors.js';
import { Alert, Button, ButtonGroup, Checkbox, ErrorAlert, Fieldset, Loading, PageTitle, Paragraph, TextArea, TextField } from '../../components/ui.js';
import { useI18n, type MessageKey } from '../../i18n/i18n.js';
import { ChoiceGroup, toggle, useFormSubmit } from '../case/casework.js';
import { themeKey } from './directory-ui.js';
import { DIRECTORY_THEMES } from '../../../shared/directory-vocabulary.js';
import { useRegions } from './useRegions.js';

const FIELDS = ['name', 'description', 'themes', 'regionCodes', 'eligibility', 'referralNeeded', 'howToApply', 'organization', 'locations'] as const;

const EMPTY: DirectoryServiceInput = {
  name: '', description: '', themes: [], regionCodes: [], eligibility: '', referralNeeded: false, howToApply: '',
  organization: { name: '', url: null, email: null, phone: null }, locations: [],
};

/** The coordinator's edit screen for one service (`/hulp/nieuw`, `/hulp/{id}/wijzigen`). */
export default function DirectoryEditScreen({ params }: { params: Record<string, string> }) {
  const { t } = useI18n();
  const user = useUser();
  const { navigate } = useRouter();
  const { regions } = useRegions();
  const id = params.serviceId;
  const [form, setForm] = useState<DirectoryServiceInput | null>(id ? null : EMPTY);
  const [location, setLocation] = useState({ address: '', postalCode: '', city: '' });
  const [loadError, setLoadError] = useState<unknown>(null);
  const submitted = useFormSubmit(FIELDS, t);
  const { busy, formError, run } = submitted;
  // The server names the field; the words for it are the directory's own.
  const errors: Partial<Record<(typeof FIELDS)[number], string>> = Object.fromEntries(
    Object.keys(submitted.errors).filter((f): f is (typeof FIELDS)[number] => (FIELDS as readonly string[]).includes(f))
      .map((f) => [f, t(`dir.invalid.${f}` as MessageKey)]));

  useEffect(() => {
    if (!id) return;
    api<DirectoryService>(`/api/directory/services/${id}`).then((s) => {
      setForm({
        name: s.name, description: s.description, themes: s.themes, regionCodes: s.regionCodes, eligibility: s.eligibility,
        referralNeeded: s.referralNeeded, howToApply: s.howToApply,
        organization: { id: s.organization.id, name: s.organization.name, url: s.organization.url, email: s.organization.email, phone: s.organization.phone },
        locations: s.locations,
      });
      if (s.locations[0]) setLocation(s.locations[0]);
    }, setLoadError);
  }, [id]);

  const title = id ? t('dir.editTitle') : t('dir.addTitle');
  if (user.role !== 'coordinator') return (<><PageTitle>{title}</PageTitle><Alert type="info">{t('dir.notAllowed')}</Alert></>);
  if (loadError) return (<><PageTitle>{title}</PageTitle><ErrorAlert error={loadError} /></>);
  if (!form) return <Loading />;

  const set = <K extends keyof DirectoryServiceInput>(key: K, value: DirectoryServiceInput[K]) => setForm({ ...form, [key]: value });
  const org = form.organization;
  const setOrg = (key: 'name' | 'url' | 'email' | 'phone', value: string) => set('organization', { ...org, [key]: key === 'name' ? value : value.trim() ? value : null });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const hasLocation = location.address.trim() || location.postalCode.trim() || location.city.trim();
      const body = { ...form, locations: hasLocation ? [location, ...form.locations.slice(1)] : form.locations.slice(1) };
      const saved = await api<DirectoryService>(id ? `/api/directory/services/${id}` : '/api/directory/services', { method: id ? 'PATCH' : 'POST', body });
      navigate(`/hulp?q=${encodeURIComponent(saved.name)}`);
    });
  };

  return (
    <>
      <PageTitle>{title}</PageTitle>
      <Paragraph>{t('dir.editIntro')}</Paragraph>
      <form onSubmit={submit} noValidate>
        <ErrorSummary errors={errors} />
        <ErrorAlert error={formError} />
        <TextField label={t('dir.field.name')} value={form.name} maxLength={200} required error={errors.name} onChange={(e) => set('name', e.target.value)} />
        <TextArea label={t('dir.field.description')} value={form.description} rows={4} required error={errors.description} onChange={(e) => set('description', e.target.value)} />
        <TextArea label={t('dir.field.eligibility')} value={form.eligibility} rows={2} required error={errors.eligibility} onChange={(e) => set('eligibility', e.target.value)} />
        <TextArea label={t('dir.field.howToApply')} value={form.howToApply} rows={2} required error={errors.howToApply} onChange={(e) => set('howToApply', e.target.value)} />
        <Checkbox label={t('dir.field.referral')} checked={form.referralNeeded} onChange={(v) => set('referralNeeded', v)} />
        <ChoiceGroup legend={t('dir.field.themes')} error={errors.themes} columns>
          {DIRECTORY_THEMES.map((x) => <Checkbox key={x} label={t(themeKey(x))} checked={form.themes.includes(x)} onChange={(on) => set('themes', toggle(form.themes, x, on) as DirectoryServiceInput['themes'])} />)}
        </ChoiceGroup>
        <ChoiceGroup legend={t('dir.field.regions')} error={errors.regionCodes} columns>
          {regions.map((r) => <Checkbox key={r.code} label={r.name} checked={form.regionCodes.includes(r.code)} onChange={(on) => set('regionCodes', toggle(form.regionCodes, r.code, on))} />)}
        </ChoiceGroup>
        <Fieldset legend={t('dir.field.org')}>
          <TextField label={t('dir.field.orgName')} value={org.name} maxLength={200} error={errors.organization} onChange={(e) => setOrg('name', e.target.value)} />
          <TextField label={t('dir.field.orgUrl')} type="url" value={org.url ?? ''} onChange={(e) => setOrg('url', e.target.value)} />
          <TextField label={t('dir.field.orgEmail')} type="email" value={org.email ?? ''} onChange={(e) => setOrg('email', e.target.value)} />
          <TextField label={t('dir.field.orgPhone')} type="tel" value={org.phone ?? ''} onChange={(e) => setOrg('phone', e.target.value)} />
        </Fieldset>
        <Fieldset legend={t('dir.field.location')}>
          <TextField label={t('dir.field.address')} value={location.address} error={errors.locations} onChange={(e) => setLocation({ ...location, address: e.target.value })} />
          <TextField label={t('dir.field.postalCode')} value={location.postalCode} autoComplete="postal-code" onChange={(e) => setLocation({ ...location, postalCode: e.target.value })} />
          <TextField label={t('dir.field.city')} value={location.city} onChange={(e) => setLocation({ ...location, city: e.target.value })} />
        </Fieldset>
        <ButtonGroup>
          <Button type="submit" busy={busy} disabled={busy}>{t('common.save')}</Button>
          <Link href="/hulp">{t('common.cancel')}</Link>
        </ButtonGroup>
      </form>
    </>
  );
}
