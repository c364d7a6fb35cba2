import { useId, type ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n.js';

/**
 * A polite live region that is always in the page, so a success message put into it is announced
 * (a region that appears together with its text is not reliably read out).
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

/** A checkbox that must be ticked, with its error tied to it (ui.tsx's Checkbox has no error). */
export function RequiredCheckbox({ label, checked, onChange, error, description }: {
  label: ReactNode; checked: boolean; onChange(checked: boolean): void; error?: string | null; description?: ReactNode;
}) {
  const id = useId();
  const describedBy = [description ? `${id}-d` : null, error ? `${id}-e` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['utrecht-form-field', 'utrecht-form-field--checkbox', error && 'utrecht-form-field--invalid'].filter(Boolean).join(' ')}>
      {description ? <div id={`${id}-d`} className="utrecht-form-field__description utrecht-form-field-description">{description}</div> : null}
      {error ? <div id={`${id}-e`} className="utrecht-form-field-error-message">{error}</div> : null}
      <div className="utrecht-form-field__label utrecht-form-field__label--checkbox">
        <label className="utrecht-form-label utrecht-form-label--checkbox" htmlFor={id}>
          <input id={id} type="checkbox" className="utrecht-checkbox utrecht-checkbox--html-input ev-checkbox" checked={checked} required
            aria-invalid={error ? true : undefined} aria-describedby={describedBy} onChange={(e) => onChange(e.target.checked)} />
          {' '}{label}
        </label>
      </div>
    </div>
  );
}
