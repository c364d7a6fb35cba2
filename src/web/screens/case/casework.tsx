import { useId, useState, type ReactNode } from 'react';
import { ApiError } from '../../api/client.js';
import type { MessageKey, Translate } from '../../i18n/i18n.js';

/**
 * What the counsellor's case-work screens share: the vocabularies of the case file (the same codes
 * as the API), server errors shown next to the field they name, a polite live region for
 * "saved" messages, and radio and checkbox groups in a fieldset with a legend.
 */

// The vocabularies, the status machine and the calendar day are the server's own (src/shared, no
// server code): the forms offer exactly what the API accepts.
export { CASE_STATUS_TRANSITIONS as STATUS_TRANSITIONS } from '../../../shared/case-status.js';
export {
  CASE_ROLES, DESIRED_SITUATIONS, HOUSEHOLD_COMPOSITIONS, PLACEMENT_REASONS, PLACEMENTS, PROTECTION_MEASURES, RESULT_KINDS, SUPPORT_REQUESTS,
} from '../../../shared/case-vocabulary.js';
export { todayInNetherlands } from '../../../shared/dates.js';

// The API's shapes come from the OpenAPI document (../../api/types.ts); the names stay for the case-work tabs.
export type { CaseResult, Child, HandoverRequest as HandoverRequestItem } from '../../api/types.js';

/** A code in plain words from the `prefix.code` key; the code itself (without underscores) when there is no key. */
export function word(t: Translate, prefix: string, code: string | null | undefined): string {
  if (!code) return t('common.unknown');
  const key = `${prefix}.${code}` as MessageKey;
  const text = t(key);
  return text === key ? code.replace(/_/g, ' ') : text;
}

export type FieldErrors = Record<string, string>;

/**
 * Splits an API error into messages per form field (the server names the field: `field` on its own
 * errors, `fields` on validation errors) and what is left for a general alert.
 */
export function splitError(error: unknown, known: readonly string[], t: Translate): { fields: FieldErrors; general: unknown } {
  if (!(error instanceof ApiError) || error.isServerProblem) return { fields: {}, general: error };
  const body = error.body as { field?: unknown; fields?: unknown; from?: unknown; to?: unknown; allowed?: unknown };
  if (error.code === 'status_transition_not_allowed' && known.includes('status')) {
    const allowed = Array.isArray(body.allowed) ? body.allowed.map((s) => word(t, 'status', String(s))).join(', ') : '';
    return {
      fields: { status: t('cw.error.transition', { from: word(t, 'status', String(body.from)), to: word(t, 'status', String(body.to)), allowed: allowed || '—' }) },
      general: null,
    };
  }
  if (error.code === 'role_does_not_fit_account' && known.includes('role')) return { fields: { role: t('cw.error.roleFit') }, general: null };
  if (error.code === 'already_participant') {
    const name = typeof body.field === 'string' ? body.field : 'userId';
    if (known.includes(name)) return { fields: { [name]: t('cw.error.alreadyIn') }, general: null };
  }
  if (typeof body.field === 'string' && known.includes(body.field)) {
    return { fields: { [body.field]: withoutFieldName(error.message, body.field) }, general: null };
  }
  if (error.code === 'validation_failed' && Array.isArray(body.fields) && body.fields.length > 0) {
    const names = body.fields.map((f) => String(f).split('.')[0]);
    if (names.every((name) => known.includes(name))) {
      const fields: FieldErrors = {};
      for (const name of names) {
        const key = `cw.invalid.${name}` as MessageKey;
        const text = t(key);
        fields[name] = text === key ? t('cw.invalid.generic') : text;
      }
      return { fields, general: null };
    }
  }
  return { fields: {}, general: error };
}

/**
 * A case-work form's sending state: busy while `run` sends, and what went wrong split into errors
 * next to the fields the server names and one general error (see splitError).
 */
export function useFormSubmit(fields: readonly string[], t: Translate) {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<unknown>(null);
  const run = async (send: () => Promise<void>) => {
    setBusy(true);
    try {
      await send();
    } catch (caught) {
      const split = splitError(caught, fields, t);
      setErrors(split.fields);
      setFormError(split.general);
    } finally {
      setBusy(false);
    }
  };
  return { busy, setBusy, errors, setErrors, formError, setFormError, run };
}

/** "placedSince: mag niet in de toekomst liggen." → "Mag niet in de toekomst liggen." */
function withoutFieldName(message: string, field: string): string {
  const rest = message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

/** A group of choices: a fieldset with its legend, an optional description and an error tied to it. */
export function ChoiceGroup({ legend, description, error, children, columns }: { legend: string; description?: ReactNode; error?: string | null; children: ReactNode; columns?: boolean }) {
  const id = useId();
  const describedBy = [description ? `${id}-d` : '', error ? `${id}-e` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset className={['utrecht-form-fieldset__fieldset', 'utrecht-form-fieldset--html-fieldset', error && 'utrecht-form-fieldset--invalid'].filter(Boolean).join(' ')}
      aria-describedby={describedBy}>
      <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">{legend}</legend>
      {description ? <div id={`${id}-d`} className="utrecht-form-field-description">{description}</div> : null}
      {error ? <div id={`${id}-e`} className="utrecht-form-field-error-message">{error}</div> : null}
      <div className={columns ? 'cw-columns' : undefined}>{children}</div>
    </fieldset>
  );
}

/** Radio buttons in a ChoiceGroup. */
export function RadioGroup<V extends string>({ legend, description, error, options, value, onChange }: {
  legend: string;
  description?: ReactNode;
  error?: string | null;
  options: readonly { value: V; label: string }[];
  value: V | '';
  onChange(value: V): void;
}) {
  const name = useId();
  return (
    <ChoiceGroup legend={legend} description={description} error={error}>
      {options.map((option) => (
        <div key={option.value} className="utrecht-form-field utrecht-form-field--radio">
          <label className="utrecht-form-label utrecht-form-label--radio">
            <input type="radio" name={name} value={option.value} className="utrecht-radio-button utrecht-radio-button--html-input"
              checked={value === option.value} onChange={() => onChange(option.value)} />
            {' '}{option.label}
          </label>
        </div>
      ))}
    </ChoiceGroup>
  );
}

/** Toggles `code` in a list of codes. */
export function toggle(list: string[], code: string, on: boolean): string[] {
  return on ? (list.includes(code) ? list : [...list, code]) : list.filter((c) => c !== code);
}
