import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { DirectoryService, DirectoryServiceList } from '../../api/types.js';
import { Link, useRouter } from '../../app/router.js';
import { useSession } from '../../app/session.js';
import { Alert, Button, ButtonGroup, ErrorAlert, LiveNotice, Loading, PageTitle, Paragraph, SelectField, TextField } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';
import { ServiceCard, themeKey } from './directory-ui.js';
import { DIRECTORY_THEMES } from '../../../shared/directory-vocabulary.js';
import { useRegions } from './useRegions.js';

/**
 * "Hulp zoeken" (issue 20): the public help directory. No login needed; search by region, theme and
 * free text; each result says what, for whom, referral yes/no, how to apply and how to get in touch.
 * Coordinators also add, change and remove help here. The search lives in the address (?q=&region=&theme=).
 */
export default function DirectoryScreen() {
  const { t } = useI18n();
  const { search, navigate } = useRouter();
  const { state } = useSession();
  const user = state.status === 'ready' ? state.user : null;
  const isCoordinator = user?.role === 'coordinator';
  const { regions, regionName } = useRegions();
  const [q, setQ] = useState(search.get('q') ?? '');
  const [region, setRegion] = useState(search.get('region') ?? '');
  const [theme, setTheme] = useState(search.get('theme') ?? '');
  const [items, setItems] = useState<DirectoryService[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [asking, setAsking] = useState<DirectoryService | null>(null);
  const applied = search.toString();

  const query = (after?: string) => {
    const p = new URLSearchParams();
    for (const key of ['q', 'region', 'theme']) { const v = search.get(key); if (v) p.set(key, v); }
    p.set('limit', '20');
    if (after) p.set('after', after);
    return `/api/directory/services?${p}` as const;
  };

  useEffect(() => {
    setItems(null); setError(null);
    api<DirectoryServiceList>(query(), { anonymous: true }).then((page) => { setItems(page.items); setNext(page.nextCursor); }, setError);
  }, [applied]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const p = new URLSearchParams();
    if (q.trim()) p.set('q', q.trim());
    if (region) p.set('region', region);
    if (theme) p.set('theme', theme);
    navigate(`/hulp${p.size ? `?${p}` : ''}`);
  };
  const more = () => {
    if (!next) return;
    api<DirectoryServiceList>(query(next), { anonymous: true }).then((page) => { setItems((old) => [...(old ?? []), ...page.items]); setNext(page.nextCursor); }, setError);
  };
  const remove = async (service: DirectoryService) => {
    try {
      await api(`/api/directory/services/${service.id}`, { method: 'DELETE' });
      setItems((old) => (old ?? []).filter((s) => s.id !== service.id));
      setNotice(t('dir.deleted', { name: service.name }));
    } catch (caught) {
      setError(caught);
    } finally {
      setAsking(null);
    }
  };

  return (
    <>
      <PageTitle>{t('dir.title')}</PageTitle>
      <Paragraph lead>{t('dir.intro')}</Paragraph>
      <form role="search" onSubmit={submit} className="ev-card">
        <TextField label={t('dir.q')} description={t('dir.qHelp')} type="search" name="q" value={q} maxLength={200} onChange={(e) => setQ(e.target.value)} />
        <SelectField label={t('dir.region')} value={region} onChange={setRegion} placeholder={t('dir.regionAll')}
          options={regions.map((r) => ({ value: r.code, label: r.name }))} />
        <SelectField label={t('dir.theme')} value={theme} onChange={setTheme} placeholder={t('dir.themeAll')}
          options={DIRECTORY_THEMES.map((x) => ({ value: x, label: t(themeKey(x)) }))} />
        <ButtonGroup><Button type="submit">{t('dir.search')}</Button></ButtonGroup>
      </form>
      {isCoordinator ? <Paragraph><Link href="/hulp/nieuw">{t('dir.add')}</Link></Paragraph> : null}
      <LiveNotice message={notice} />
      <ErrorAlert error={error} />
      {!items && !error ? <Loading /> : null}
      {items ? <p className="utrecht-paragraph" role="status">{next ? t('dir.countMore', { count: items.length }) : t('dir.count', { count: items.length })}</p> : null}
      {items && items.length ? (
        <ul className="ev-list" aria-label={t('dir.title')}>
          {items.map((service) => (
            <li key={service.id}>
              <ServiceCard service={service} regionName={regionName} headingLevel={2}>
                {isCoordinator ? (
                  asking?.id === service.id ? (
                    <Alert type="warning">
                      <Paragraph>{t('dir.deleteAsk', { name: service.name })}</Paragraph>
                      <ButtonGroup>
                        <Button danger onClick={() => void remove(service)}>{t('dir.delete')}</Button>
                        <Button appearance="secondary-action-button" onClick={() => setAsking(null)}>{t('common.cancel')}</Button>
                      </ButtonGroup>
                    </Alert>
                  ) : (
                    <ButtonGroup>
                      <Link href={`/hulp/${service.id}/wijzigen`}>{t('dir.edit')}<span className="ev-visually-hidden">: {service.name}</span></Link>
                      <Button appearance="secondary-action-button" onClick={() => setAsking(service)}>{t('dir.delete')}<span className="ev-visually-hidden">: {service.name}</span></Button>
                    </ButtonGroup>
                  )
                ) : null}
              </ServiceCard>
            </li>
          ))}
        </ul>
      ) : null}
      {next ? <ButtonGroup><Button appearance="secondary-action-button" onClick={more}>{t('dir.more')}</Button></ButtonGroup> : null}
    </>
  );
}
