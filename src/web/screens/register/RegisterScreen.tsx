import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, api } from '../../api/client.js';
import { ErrorSummary, validationFields } from '../../components/errors.js';
import { Alert, Button, ButtonGroup, Checkbox, ErrorAlert, Fieldset, FormField, PageTitle, Paragraph, TextArea, TextField } from '../../components/ui.js';
import { useI18n, type MessageKey } from '../../i18n/i18n.js';
import { Link, useRouter } from '../../app/router.js';

type Route = 'parent' | 'child' | 'professional' | 'other';
const TYPES_FOR: Record<Route, string[]> = {
  parent: ['mother', 'father', 'both_parents'],
  child: ['child'],
  professional: ['professional'],
  other: ['other'],
};

const CHILD_KEYS = new Set<string>(['register.child.name', 'register.child.contactHelp', 'register.child.municipality', 'register.child.regionHelp',
  'register.child.message', 'register.child.messageHelp', 'register.child.nameMissing', 'register.child.contactMissing', 'register.child.messageMissing',
  'register.child.consentMissing', 'register.child.doneTitle', 'register.child.done', 'register.child.next', 'register.child.emailInvalid',
  // Issue 20: the whole child route speaks to a child (src/web/i18n/parts/child.nl.ts).
  'register.child.title', 'register.child.whatTitle', 'register.child.what1', 'register.child.what2', 'register.child.what3',
  'register.child.email', 'register.child.phone', 'register.child.region', 'register.child.consent', 'register.child.submit']);
/** A rough shape check only; the server decides (and names `email` when it refuses). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** The form's own fields, as the server names them. */
const FORM_FIELDS = ['name', 'email', 'phone', 'municipality', 'regionCode', 'message'];

/** A little longer than the server's minimum fill time (INTAKE_MIN_FILL_SECONDS, 3 by default). */
const FRESH_TOKEN_WAIT_MS = 4000;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fetchFormToken = () => api<{ formToken: string }>('/api/registrations/form-token', { anonymous: true }).then((r) => r.formToken);

/**
 * The public registration form (no account needed), for parents, children and professionals.
 * It says first, in plain words, what the support team does and does not do with the answers.
 */
export default function RegisterScreen() {
  const { t } = useI18n();
  const { search } = useRouter();
  // `/register?route=child` (the children's checklist links here) opens the child route straight away.
  const [route, setRoute] = useState<Route>(() => (search.get('route') === 'child' ? 'child' : 'parent'));
  const [registrantType, setRegistrantType] = useState(() => (search.get('route') === 'child' ? 'child' : 'mother'));
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [municipality, setMunicipality] = useState('');
  const [regionCode, setRegionCode] = useState('');
  const [message, setMessage] = useState('');
  const [consent, setConsent] = useState(false);
  const [regions, setRegions] = useState<{ code: string; name: string }[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [reference, setReference] = useState<string | null>(null);

  useEffect(() => { api<{ code: string; name: string }[]>('/api/regions', { anonymous: true }).then(setRegions, () => setRegions([])); }, []);
  // The server's signed form token, fetched when the form is shown: without it (or sent back too
  // soon) the server takes the form for an automated one and quietly drops it.
  const [formToken, setFormToken] = useState<{ token: string; fetchedAt: number } | null>(null);
  useEffect(() => { fetchFormToken().then((token) => setFormToken({ token, fetchedAt: Date.now() }), () => setFormToken(null)); }, []);

  // An error disappears as soon as the person changes that answer.
  const clear = (field: string) => setErrors((current) => {
    if (!(field in current)) return current;
    const next = { ...current };
    delete next[field];
    return next;
  });
  const chooseRoute = (next: Route) => { setRoute(next); setRegistrantType(TYPES_FOR[next][0]); };
  /** A child is spoken to as a child ("je", short sentences); everyone else with "u". */
  const w = (key: MessageKey, values?: Record<string, string | number>): string => {
    const childKey = key.replace('register.', 'register.child.') as MessageKey;
    return route === 'child' && CHILD_KEYS.has(childKey) ? t(childKey, values) : t(key, values);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = w('register.nameMissing');
    if (!email.trim() && !phone.trim()) found.email = w('register.contactMissing');
    else if (email.trim() && !EMAIL.test(email.trim())) found.email = w('register.emailInvalid');
    if (!message.trim()) found.message = w('register.messageMissing');
    if (!consent) found.consent = w('register.consentMissing');
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setError(null);
    try {
      // No token yet (the first fetch failed): fetch one now and give it the minimum fill time.
      // Someone quick (or a browser filling the form in) must not be taken for a bot and quietly
      // dropped: the form is sent no sooner than the minimum fill time after its token was issued.
      const token = formToken
        ? await delay(Math.max(0, formToken.fetchedAt + FRESH_TOKEN_WAIT_MS - Date.now())).then(() => formToken.token)
        : await fetchFormToken().then(async (fresh) => { await delay(FRESH_TOKEN_WAIT_MS); return fresh; });
      setFormToken(null); // single use: another form needs a new one
      const receipt = await api<{ reference: string }>('/api/registrations', {
        method: 'POST',
        anonymous: true,
        body: {
          route, registrantType, name: name.trim(), message: message.trim(), consentToContact: true, formToken: token,
          ...(email.trim() ? { email: email.trim() } : {}), ...(phone.trim() ? { phone: phone.trim() } : {}),
          ...(municipality.trim() ? { municipality: municipality.trim() } : {}), ...(regionCode ? { regionCode } : {}),
        },
      });
      setReference(receipt.reference);
    } catch (caught) {
      // The server names the fields it refuses: each gets its message in the reader's words, next to the field.
      const named = validationFields(caught).filter((f) => FORM_FIELDS.includes(f));
      const single = caught instanceof ApiError && typeof caught.body.field === 'string' && FORM_FIELDS.includes(caught.body.field) ? caught.body.field : null;
      if (named.length || single) {
        const byField: Record<string, string> = {};
        for (const field of single ? [single] : named) {
          byField[field] = field === 'email' ? w('register.emailInvalid') : field === 'phone' ? t('register.phoneInvalid') : t('register.fieldInvalid');
        }
        // The phone shares the e-mail's place for messages about reaching someone.
        if (byField.phone) { byField.email = byField.email ?? byField.phone; delete byField.phone; }
        setErrors(byField);
      } else {
        setError(caught);
      }
    } finally {
      setBusy(false);
    }
  };

  if (reference) {
    return (
      <div className="ev-narrow">
        <PageTitle>{w('register.doneTitle')}</PageTitle>
        <Alert type="ok">{w('register.done', { reference })}</Alert>
        <Paragraph>{w('register.next')}</Paragraph>
      </div>
    );
  }
  return (
    <div className="ev-narrow">
      <PageTitle>{w('register.title')}</PageTitle>
      <Paragraph lead>{route === 'child' ? t('register.child.lead') : t('register.intro')}</Paragraph>
      <Alert type="info" title={w('register.whatTitle')}>
        <ul className="utrecht-unordered-list">
          <li className="utrecht-unordered-list__item">{w('register.what1')}</li>
          <li className="utrecht-unordered-list__item">{w('register.what2')}</li>
          <li className="utrecht-unordered-list__item">{w('register.what3')}</li>
        </ul>
      </Alert>
      {route === 'child' ? (
        <div className="ev-audience" data-testid="register-child-help">
          <p>{t('register.child.talkNow')}</p>
          <p><Link href="/children/checklist">{t('register.child.checklist')}</Link></p>
        </div>
      ) : null}
      <ErrorAlert error={error} />
      <form onSubmit={submit} noValidate>
        <ErrorSummary errors={errors} />
        <Fieldset legend={t('register.who')}>
          {(['parent', 'child', 'professional', 'other'] as const).map((r) => (
            <div key={r} className="utrecht-form-field utrecht-form-field--radio">
              <label className="utrecht-form-label utrecht-form-label--radio">
                <input type="radio" name="route" className="utrecht-radio-button utrecht-radio-button--html-input" checked={route === r} onChange={() => chooseRoute(r)} />
                {' '}{t(`register.route.${r}` as MessageKey)}
              </label>
            </div>
          ))}
        </Fieldset>
        {route === 'child' ? <p className="ev-audience" data-testid="register-child-intro">{t('register.child.intro')}</p> : null}
        {route === 'parent' ? (
          <FormField label={t('register.iAm')}>
            {({ id }) => (
              <select id={id} className="utrecht-select utrecht-select--html-select" value={registrantType} onChange={(e) => setRegistrantType(e.target.value)}>
                {TYPES_FOR.parent.map((type) => <option key={type} value={type}>{t(`register.type.${type}` as MessageKey)}</option>)}
              </select>
            )}
          </FormField>
        ) : null}
        <TextField label={w('register.name')} autoComplete="name" value={name} onChange={(e) => { setName(e.target.value); clear('name'); }} error={errors.name} />
        <TextField label={w('register.email')} type="email" autoComplete="email" value={email} onChange={(e) => { setEmail(e.target.value); clear('email'); }} error={errors.email}
          description={w('register.contactHelp')} />
        <TextField label={w('register.phone')} type="tel" autoComplete="tel" value={phone} onChange={(e) => { setPhone(e.target.value); clear('email'); }} />
        <TextField label={w('register.municipality')} autoComplete="address-level2" value={municipality} onChange={(e) => setMunicipality(e.target.value)} />
        {regions.length ? (
          <FormField label={w('register.region')} description={w('register.regionHelp')}>
            {({ id, describedBy }) => (
              <select id={id} aria-describedby={describedBy} className="utrecht-select utrecht-select--html-select" value={regionCode} onChange={(e) => setRegionCode(e.target.value)}>
                <option value="">{t('register.regionUnknown')}</option>
                {regions.map((r) => <option key={r.code} value={r.code}>{r.name}</option>)}
              </select>
            )}
          </FormField>
        ) : null}
        <TextArea label={w('register.message')} description={w('register.messageHelp')} value={message} rows={6} maxLength={10000}
          onChange={(e) => { setMessage(e.target.value); clear('message'); }} error={errors.message} />
        {errors.consent ? <p className="utrecht-form-field-error-message">{errors.consent}</p> : null}
        <Checkbox label={w('register.consent')} checked={consent} onChange={(on) => { setConsent(on); clear('consent'); }} />
        <ButtonGroup><Button type="submit" busy={busy} disabled={busy}>{w('register.submit')}</Button></ButtonGroup>
      </form>
    </div>
  );
}
