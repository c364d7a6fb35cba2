import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { AccountSummary, Role } from '../../api/types.js';
import { ErrorSummary } from '../../components/errors.js';
import { label } from '../../components/labels.js';
import { Button, ButtonGroup, ErrorAlert, Heading, Paragraph, StatusBadge, TextArea } from '../../components/ui.js';
import { formatDateTime, useI18n, type MessageKey } from '../../i18n/i18n.js';
import { useFormSubmit } from '../case/casework.js';

/** The people a case is about: they belong to no organisation, and blocking them is about their case. */
const FAMILY: readonly Role[] = ['parent', 'child', 'foster_parent'];

/**
 * What blocking does, in the words that fit the account: for a parent, child or foster parent what
 * it means for their case (nothing in it is deleted, the counsellors still see it); for a
 * professional that nothing is lost, and for a counsellor that their cases need a handover.
 */
function consequences(role: Role): MessageKey[] {
  if (FAMILY.includes(role)) {
    return ['accounts.consequenceLogin', 'accounts.consequenceCaseKept', 'accounts.consequenceCaseTeam',
      ...(role === 'parent' ? ['accounts.consequenceConsent' as const] : []), 'accounts.consequenceNoMail', 'accounts.consequenceUndo'];
  }
  return ['accounts.consequenceLogin', 'accounts.consequenceKept', ...(role === 'counsellor' ? ['accounts.consequenceCases' as const] : []), 'accounts.consequenceUndo'];
}

/**
 * One account as an administrator or coordinator manages it: name, address, role and status, and
 * blocking (first a question that says what it does, and a reason) or allowing it again. Used by the
 * list of an organisation's accounts and by the administrator's search by e-mail address.
 */
export function AccountCard({ account, isSelf, onChanged }: { account: AccountSummary; isSelf: boolean; onChanged(account: AccountSummary, message: string): void }) {
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
              {consequences(account.role).map((key) => <li key={key} className="utrecht-unordered-list__item">{t(key, { name })}</li>)}
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
