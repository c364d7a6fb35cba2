import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { AccountLookup, AccountSummary } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { useUser } from '../../app/session.js';
import { ErrorSummary } from '../../components/errors.js';
import { Button, ButtonGroup, ErrorAlert, LiveNotice, PageTitle, Paragraph, TextField } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';
import { useFormSubmit } from '../case/casework.js';
import NotFoundScreen from '../not-found/NotFoundScreen.js';
import { AccountCard } from './AccountCard.js';

/**
 * The administrator finds one account by its whole e-mail address: the way to parents, children,
 * foster parents and other administrators, who are in no organisation's list. Then the same block
 * and allow flow as in that list. The address stays out of the page's address (browser history).
 */
export default function AccountSearchScreen() {
  const { t } = useI18n();
  const user = useUser();
  const [email, setEmail] = useState('');
  /** The last answer: the account found, or null for none; undefined before the first search. */
  const [found, setFound] = useState<AccountSummary | null | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, errors, setErrors, formError, setFormError, run } = useFormSubmit(['email'], t);

  if (user.role !== 'admin') return <NotFoundScreen />;
  const search = async (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    setFormError(null);
    const address = email.trim();
    if (!address) { setErrors({ email: t('accountSearch.emailMissing') }); return; }
    setErrors({});
    await run(async () => {
      setFound(undefined);
      const answer = await api<AccountLookup>(`/api/accounts?email=${encodeURIComponent(address)}`);
      setFound(answer.items[0] ?? null);
    });
  };
  const changed = (account: AccountSummary, message: string) => {
    setFound(account);
    setNotice(message);
  };

  return (
    <>
      <PageTitle>{t('accountSearch.title')}</PageTitle>
      <Paragraph>{t('accountSearch.intro')}</Paragraph>
      <Paragraph small>{t('accountSearch.privacy')}</Paragraph>
      <Paragraph small><Link href="/organisations">{t('accounts.backToOrganisations')}</Link></Paragraph>
      <form onSubmit={search} noValidate role="search" aria-label={t('accountSearch.form')} className="ev-card">
        <ErrorSummary errors={errors} />
        <ErrorAlert error={formError} />
        <TextField label={t('accountSearch.email')} description={t('accountSearch.emailHelp')} error={errors.email} type="email" inputMode="email"
          value={email} autoComplete="off" autoCapitalize="none" spellCheck={false} maxLength={254} onChange={(e) => setEmail(e.target.value)} />
        <ButtonGroup><Button type="submit" busy={busy} disabled={busy}>{t('accountSearch.submit')}</Button></ButtonGroup>
      </form>
      {/* In the page from the start, so the outcome of each search is read out. */}
      <div role="status" aria-live="polite" data-testid="account-search-outcome">
        {found === null ? (
          <>
            <p className="utrecht-paragraph"><strong>{t('accountSearch.none')}</strong></p>
            <p className="utrecht-paragraph utrecht-paragraph--small">{t('accountSearch.noneHelp')}</p>
          </>
        ) : found ? <p className="utrecht-paragraph">{t('accountSearch.found', { name: found.displayName })}</p> : null}
      </div>
      <LiveNotice message={notice} />
      {found ? (
        <ul className="ev-list" aria-label={t('accountSearch.resultTitle')}>
          <li className="ev-card" data-testid="account">
            <AccountCard key={found.id} account={found} isSelf={found.id === user.id} onChanged={changed} />
          </li>
        </ul>
      ) : null}
    </>
  );
}
