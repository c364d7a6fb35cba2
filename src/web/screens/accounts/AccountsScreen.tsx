import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import type { AccountSummary, Organisation, Page } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { useUser } from '../../app/session.js';
import { Button, ButtonGroup, ErrorAlert, LiveNotice, Loading, PageTitle, Paragraph, TextField } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';
import NotFoundScreen from '../not-found/NotFoundScreen.js';
import { AccountCard } from './AccountCard.js';

/**
 * The accounts of one organisation: who may log in, and blocking or allowing an account again.
 * Administrators reach it from "Organisaties" (any organisation), coordinators from "Mijn team"
 * (their own). Blocking asks first and says what it does; it logs the person out everywhere at once.
 */
export default function AccountsScreen({ params }: { params: Record<string, string> }) {
  const { t } = useI18n();
  const user = useUser();
  const organisationId = params.organisationId;
  const allowed = user.role === 'admin' || (user.role === 'coordinator' && user.organisation?.id === organisationId);
  const [organisation, setOrganisation] = useState<Organisation | null>(null);
  const [accounts, setAccounts] = useState<AccountSummary[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [query, setQuery] = useState('');

  const load = useCallback(async (after?: string) => {
    try {
      const page = await api<Page<AccountSummary>>(`/api/organisations/${organisationId}/accounts?limit=200${after ? `&after=${after}` : ''}`);
      setAccounts((current) => (after ? [...(current ?? []), ...page.items] : page.items));
      setNextCursor(page.nextCursor);
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  }, [organisationId]);
  useEffect(() => {
    if (!allowed) return;
    api<Organisation>(`/api/organisations/${organisationId}`).then(setOrganisation, setError);
    void load();
  }, [allowed, organisationId, load]);

  if (!allowed) return <NotFoundScreen />;
  const changed = (account: AccountSummary, message: string) => {
    setAccounts((current) => current?.map((a) => (a.id === account.id ? account : a)) ?? null);
    setNotice(message);
  };
  const needle = query.trim().toLocaleLowerCase();
  const shown = (accounts ?? []).filter((a) => !needle || `${a.displayName} ${a.email}`.toLocaleLowerCase().includes(needle));
  const title = organisation ? t('accounts.title', { name: organisation.name }) : t('accounts.titlePlain');
  return (
    <>
      <PageTitle title={title}>{title}</PageTitle>
      <Paragraph>{t('accounts.intro')}</Paragraph>
      <Paragraph small>
        {user.role === 'admin'
          ? <Link href="/organisations">{t('accounts.backToOrganisations')}</Link>
          : <Link href="/team">{t('accounts.backToTeam')}</Link>}
      </Paragraph>
      <ErrorAlert error={error} />
      <LiveNotice message={notice} />
      {!accounts && !error ? <Loading /> : null}
      {accounts && accounts.length === 0 ? <Paragraph>{t('accounts.none')}</Paragraph> : null}
      {accounts && accounts.length > 10 ? <TextField label={t('accounts.search')} type="search" value={query} onChange={(e) => setQuery(e.target.value)} /> : null}
      {accounts && query.trim() ? <p className="utrecht-paragraph" role="status">{t('search.count', { count: shown.length })}</p> : null}
      {accounts && accounts.length > 0 ? (
        <ul className="ev-list" aria-label={title}>
          {shown.map((account) => (
            <li key={account.id} className="ev-card" data-testid="account">
              <AccountCard account={account} isSelf={account.id === user.id} onChanged={changed} />
            </li>
          ))}
        </ul>
      ) : null}
      {nextCursor ? (
        <ButtonGroup><Button appearance="secondary-action-button" onClick={() => void load(nextCursor)}>{t('accounts.more')}</Button></ButtonGroup>
      ) : null}
    </>
  );
}
