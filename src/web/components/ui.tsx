import { useEffect, useId, useRef, type ButtonHTMLAttributes, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { apiErrorText } from './errors.js';

/**
 * Thin React wrappers around the NL Design System (Utrecht) component CSS: semantic HTML elements
 * with the design system's class names, so they look and behave as Dutch public-sector users expect.
 */

let titlesShown = 0;

/**
 * The page's one h1. After an in-app navigation it takes focus so screen readers announce the new
 * page; on the very first page load focus stays at the top (the skip link comes first).
 */
export function PageTitle({ children, title }: { children: ReactNode; title?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const { t } = useI18n();
  useEffect(() => {
    const text = title ?? ref.current?.textContent ?? '';
    document.title = text ? `${text} – ${t('app.name')}` : t('app.name');
    if (titlesShown++ > 0) ref.current?.focus({ preventScroll: true });
  }, [title, t]);
  return <h1 ref={ref} tabIndex={-1} className="utrecht-heading-1 ev-page-title">{children}</h1>;
}

export function Heading({ level, children, id }: { level: 2 | 3; children: ReactNode; id?: string }) {
  return level === 2
    ? <h2 id={id} className="utrecht-heading-2">{children}</h2>
    : <h3 id={id} className="utrecht-heading-3">{children}</h3>;
}

export function Paragraph({ children, lead, small }: { children: ReactNode; lead?: boolean; small?: boolean }) {
  const className = ['utrecht-paragraph', lead && 'utrecht-paragraph--lead', small && 'utrecht-paragraph--small'].filter(Boolean).join(' ');
  return <p className={className}>{children}</p>;
}

type Appearance = 'primary-action-button' | 'secondary-action-button' | 'subtle-button';
const APPEARANCE_CLASS: Record<Appearance, string> = {
  'primary-action-button': 'utrecht-button--primary-action',
  'secondary-action-button': 'utrecht-button--secondary-action',
  'subtle-button': 'utrecht-button--subtle',
};
export function Button({ appearance = 'primary-action-button', busy, children, className, danger, ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { appearance?: Appearance; busy?: boolean; danger?: boolean }) {
  const classes = ['utrecht-button', APPEARANCE_CLASS[appearance], busy && 'utrecht-button--busy', danger && 'utrecht-button--danger', className].filter(Boolean).join(' ');
  return (
    <button type="button" {...rest} className={classes} aria-disabled={busy || undefined} disabled={rest.disabled}>
      {children}
    </button>
  );
}

export function ButtonGroup({ children }: { children: ReactNode }) {
  return <div className="utrecht-button-group ev-button-group">{children}</div>;
}

type AlertType = 'info' | 'ok' | 'warning' | 'error';
/** A message box. Errors are announced at once (role=alert); the rest politely (role=status). */
export function Alert({ type = 'info', children, title }: { type?: AlertType; children: ReactNode; title?: string }) {
  const { t } = useI18n();
  const label = t(`alert.${type}` as const);
  return (
    <div className={`utrecht-alert utrecht-alert--${type}`} role={type === 'error' ? 'alert' : 'status'}>
      <div className="utrecht-alert__content">
        <div className="utrecht-alert__message">
          <p className="utrecht-paragraph"><strong>{title ?? label}</strong>{title ? <span className="ev-visually-hidden"> ({label})</span> : null}</p>
          {typeof children === 'string' ? <p className="utrecht-paragraph">{children}</p> : children}
        </div>
      </div>
    </div>
  );
}

/**
 * A polite live region that is in the page before anything is said in it, so screen readers announce
 * a success message when it appears (a region that appears together with its text is not reliably
 * read out). The message stays visible.
 */
export function LiveNotice({ message }: { message: string | null }) {
  const { t } = useI18n();
  return (
    <div role="status" aria-live="polite">
      {message ? (
        <div className="utrecht-alert utrecht-alert--ok">
          <div className="utrecht-alert__content">
            <div className="utrecht-alert__message">
              <p className="utrecht-paragraph"><strong>{t('alert.ok')}</strong></p>
              <p className="utrecht-paragraph">{message}</p>
            </div>
          </div>
        </div>
      ) : null}
    </div>
  );
}

interface FieldProps { label: string; description?: ReactNode; error?: string | null; children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode }
/** A form field: label, optional description and error, tied to the control with ids. */
export function FormField({ label, description, error, children }: FieldProps) {
  const id = useId();
  const descriptionId = description ? `${id}-description` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [descriptionId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['utrecht-form-field', 'utrecht-form-field--text', error && 'utrecht-form-field--invalid'].filter(Boolean).join(' ')}>
      <div className="utrecht-form-field__label">
        <label className="utrecht-form-label" htmlFor={id}>{label}</label>
      </div>
      {description ? <div className="utrecht-form-field__description utrecht-form-field-description" id={descriptionId}>{description}</div> : null}
      {error ? <div className="utrecht-form-field-error-message" id={errorId}>{error}</div> : null}
      <div className="utrecht-form-field__input">{children({ id, describedBy, invalid: Boolean(error) })}</div>
    </div>
  );
}

export function TextField({ label, description, error, ...input }: Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & { label: string; description?: ReactNode; error?: string | null }) {
  return (
    <FormField label={label} description={description} error={error}>
      {({ id, describedBy, invalid }) => (
        <input {...input} id={id} aria-describedby={describedBy} aria-invalid={invalid || undefined}
          className={['utrecht-textbox', 'utrecht-textbox--html-input', invalid && 'utrecht-textbox--invalid', input.className].filter(Boolean).join(' ')} />
      )}
    </FormField>
  );
}

/** A labelled select with its description and error tied to it; `placeholder` adds an empty first choice. */
export function SelectField({ label, description, error, value, onChange, options, placeholder }: {
  label: string; description?: ReactNode; error?: string | null; value: string; onChange(value: string): void;
  options: readonly { value: string; label: string }[]; placeholder?: string;
}) {
  return (
    <FormField label={label} description={description} error={error}>
      {({ id, describedBy, invalid }) => (
        <select id={id} aria-describedby={describedBy} aria-invalid={invalid || undefined} className="utrecht-select utrecht-select--html-select"
          value={value} onChange={(e) => onChange(e.target.value)}>
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
      )}
    </FormField>
  );
}

export function TextArea({ label, description, error, ...area }: Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> & { label: string; description?: ReactNode; error?: string | null }) {
  return (
    <FormField label={label} description={description} error={error}>
      {({ id, describedBy, invalid }) => (
        <textarea {...area} id={id} aria-describedby={describedBy} aria-invalid={invalid || undefined}
          className={['utrecht-textarea', 'utrecht-textarea--html-textarea', invalid && 'utrecht-textarea--invalid'].filter(Boolean).join(' ')} />
      )}
    </FormField>
  );
}

export function Checkbox({ label, checked, onChange, description }: { label: ReactNode; checked: boolean; onChange(checked: boolean): void; description?: ReactNode }) {
  const id = useId();
  return (
    <div className="utrecht-form-field utrecht-form-field--checkbox">
      <div className="utrecht-form-field__label utrecht-form-field__label--checkbox">
        <label className="utrecht-form-label utrecht-form-label--checkbox" htmlFor={id}>
          <input id={id} type="checkbox" className="utrecht-checkbox utrecht-checkbox--html-input ev-checkbox" checked={checked}
            onChange={(e) => onChange(e.target.checked)} aria-describedby={description ? `${id}-d` : undefined} />
          {' '}{label}
        </label>
      </div>
      {description ? <div id={`${id}-d`} className="utrecht-form-field__description utrecht-form-field-description">{description}</div> : null}
    </div>
  );
}

export function Fieldset({ legend, children, description }: { legend: string; children: ReactNode; description?: ReactNode }) {
  return (
    <fieldset className="utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset">
      <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">{legend}</legend>
      {description ? <div className="utrecht-form-field-description">{description}</div> : null}
      {children}
    </fieldset>
  );
}

export function StatusBadge({ children, kind = 'neutral' }: { children: ReactNode; kind?: 'neutral' | 'active' | 'inactive' | 'danger' | 'warning' }) {
  return <span className={`utrecht-status-badge utrecht-status-badge--${kind}`}>{children}</span>;
}

/** "Bezig met laden…" announced politely; for a slow phone connection. */
export function Loading() {
  const { t } = useI18n();
  return <p className="utrecht-paragraph ev-loading" role="status">{t('common.loading')}</p>;
}

/** Shows an API failure in the user's words. */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  return <Alert type="error">{apiErrorText(error, t)}</Alert>;
}
