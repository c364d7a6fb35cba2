import { useId, type ReactNode } from 'react';

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
