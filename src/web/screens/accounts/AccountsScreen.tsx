import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { AccountSummary, Organisation, Page } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { useUser } from '../../app/session.js';
import { ErrorSummary } from '../../components/errors.js';
import { label } from '../../components/labels.js';
import { Button, ButtonGroup, ErrorAlert, Heading, LiveNotice, Loading, PageTitle, Paragraph, StatusBadge, TextArea, TextField } from '../../components/ui.js';
import { formatDateTime, useI18n } from '../../i18n/i18n.js';
import { useFormSubmit } from '../case/casework.js';
import NotFoundScreen from '../not-found/NotFoundScreen.js';

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

function AccountCard({ account, isSelf, onChanged }: { account: AccountSummary; isSelf: boolean; onChanged(account: AccountSummary, message: string): void }) {
  const { t, locale } = useI18n();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const { busy, errors, setErrors, formError, setFormError, run } = useFormSubmit(['reason'], t);
  const question = useRef<HTMLParagraphElement>(null);
  const heading = useRef<HTMLDivElement>(null);
  /** After a change made here, focus goes back to this account (its button changed under the pointer). */
  const refocus = useRef(false);
  useEffect(() => { if (asking) question.current?.focus(); }, [asking]);
  useEffect(() => {
    if (refocus.current) heading.current?.focus();
    refocus.current = false;
  }, [account.status]);

  const name = account.displayName;
  const headingId = `account-${account.id}`;
  const disable = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    if (!reason.trim()) { setErrors({ reason: t('accounts.reasonMissing') }); return; }
    setErrors({});
    await run(async () => {
      const updated = await api<AccountSummary>(`/api/accounts/${account.id}/disable`, { method: 'POST', body: { reason: reason.trim() } });
      refocus.current = true;
      setAsking(false);
      setReason('');
      onChanged(updated, t('accounts.disabledNotice', { name }));
    });
  };
  const enable = async () => {
    setFormError(null);
    await run(async () => {
      const updated = await api<AccountSummary>(`/api/accounts/${account.id}/enable`, { method: 'POST' });
      refocus.current = true;
      onChanged(updated, t('accounts.enabledNotice', { name }));
    });
  };
  const cancel = () => {
    setAsking(false);
    setReason('');
    setErrors({});
    setFormError(null);
  };

  return (
    <>
      <div ref={heading} tabIndex={-1}>
        <Heading level={2} id={headingId}>{name}</Heading>
      </div>
      <p className="utrecht-paragraph ev-meta">
        {account.email} · {label(t, 'role', account.role)} ·{' '}
        {account.status === 'active'
          ? <StatusBadge kind="active">{t('accounts.statusActive')}</StatusBadge>
          : <StatusBadge kind="danger">{t('accounts.statusDisabled')}</StatusBadge>}
      </p>
      {account.status === 'disabled' ? (
        <Paragraph small>
          {account.disabledBy
            ? t('accounts.disabledBy', { date: formatDateTime(account.disabledAt, locale), name: account.disabledBy.displayName })
            : t('accounts.disabledSince', { date: formatDateTime(account.disabledAt, locale) })}
          {account.disabledReason ? ` ${t('accounts.reasonShown', { reason: account.disabledReason })}` : ''}
        </Paragraph>
      ) : null}
      <ErrorAlert error={asking ? null : formError} />
      {isSelf ? <Paragraph small>{t('accounts.self')}</Paragraph> : account.status === 'disabled' ? (
        <ButtonGroup>
          <Button appearance="secondary-action-button" busy={busy} disabled={busy} onClick={() => void enable()}>
            {t('accounts.enable')}<span className="ev-visually-hidden"> ({name})</span>
          </Button>
        </ButtonGroup>
      ) : asking ? (
        <div className="utrecht-alert utrecht-alert--warning" role="group" aria-labelledby={`${headingId}-q`}>
          <div className="utrecht-alert__content"><div className="utrecht-alert__message">
            <p id={`${headingId}-q`} ref={question} tabIndex={-1} className="utrecht-paragraph"><strong>{t('accounts.disableQuestion', { name })}</strong></p>
            <ul className="utrecht-unordered-list">
              <li className="utrecht-unordered-list__item">{t('accounts.consequenceLogin', { name })}</li>
              <li className="utrecht-unordered-list__item">{t('accounts.consequenceKept')}</li>
              {account.role === 'counsellor' ? <li className="utrecht-unordered-list__item">{t('accounts.consequenceCases', { name })}</li> : null}
              <li className="utrecht-unordered-list__item">{t('accounts.consequenceUndo', { name })}</li>
            </ul>
            <form onSubmit={disable} noValidate aria-label={t('accounts.disableForm', { name })}>
              <ErrorSummary errors={errors} />
              <ErrorAlert error={formError} />
              <TextArea label={t('accounts.reason')} description={t('accounts.reasonHelp', { name })} error={errors.reason}
                value={reason} maxLength={500} rows={2} onChange={(e) => setReason(e.target.value)} />
              <ButtonGroup>
                <Button type="submit" appearance="secondary-action-button" danger busy={busy} disabled={busy}>{t('accounts.disableYes')}</Button>
                <Button appearance="secondary-action-button" onClick={cancel}>{t('accounts.disableNo')}</Button>
              </ButtonGroup>
            </form>
          </div></div>
        </div>
      ) : (
        <ButtonGroup>
          <Button appearance="secondary-action-button" danger onClick={() => setAsking(true)}>
            {t('accounts.disable')}<span className="ev-visually-hidden"> ({name})</span>
          </Button>
        </ButtonGroup>
      )}
    </>
  );
}
