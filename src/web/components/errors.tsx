import { useEffect, useId, useRef, type MouseEvent } from 'react';
import { ApiError } from '../api/client.js';
import type { Translate } from '../i18n/i18n.js';
import { useI18n } from '../i18n/i18n.js';

/**
 * An API refusal in the reader's language: the server's own errors come in that language already
 * (without the "field: " prefix the server puts before a field's message); class-validator's
 * English ("email must be an email") never reaches the screen.
 */
export function apiErrorText(error: unknown, t: Translate): string {
  const e = error as { status?: number; message?: string; code?: string; body?: Record<string, unknown> };
  if (e.status === 0) return t('error.network');
  if (e.status === undefined) return e.message || t('error.server');
  if (e.status >= 500) return t('error.server');
  if (e.code === 'validation_failed') return t('errors.validation');
  const field = e.body && typeof e.body.field === 'string' ? e.body.field : null;
  const message = e.message || t('error.server');
  if (field && message.startsWith(`${field}: `)) {
    const rest = message.slice(field.length + 2);
    return rest.charAt(0).toUpperCase() + rest.slice(1);
  }
  return message;
}

/** The fields a validation refusal names (top-level names), or none. */
export function validationFields(error: unknown): string[] {
  if (!(error instanceof ApiError) || error.code !== 'validation_failed' || !Array.isArray(error.body.fields)) return [];
  return [...new Set(error.body.fields.map((f) => String(f).split('.')[0]))];
}

/** Focuses the control whose error message reads `message`, in the same form. */
function focusField(from: HTMLElement, message: string) {
  const form = from.closest('form') ?? document;
  const errorElement = [...form.querySelectorAll<HTMLElement>('.utrecht-form-field-error-message')].find((el) => el.textContent === message);
  const field = errorElement?.closest('.utrecht-form-field, fieldset') ?? errorElement?.nextElementSibling;
  field?.querySelector<HTMLElement>('input, select, textarea')?.focus();
}

/**
 * The error summary at the top of a form (as on GOV.UK and NL Design System forms): it takes focus
 * when the form is refused, says how many answers need a look, and each line jumps to its field.
 */
export function ErrorSummary({ errors }: { errors: Record<string, string | null | undefined> }) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const messages = Object.values(errors).filter((m): m is string => Boolean(m));
  const signature = messages.join('\n');
  // Focus comes here when a submit brings new messages; not while the person clears them one by one by typing.
  const shown = useRef<string[]>([]);
  useEffect(() => {
    const current = signature ? signature.split('\n') : [];
    if (current.some((m) => !shown.current.includes(m))) box.current?.focus();
    shown.current = current;
  }, [signature]);
  if (!messages.length) return null;
  const jump = (event: MouseEvent<HTMLAnchorElement>, message: string) => {
    event.preventDefault();
    focusField(event.currentTarget, message);
  };
  return (
    <div ref={box} tabIndex={-1} className="utrecht-alert utrecht-alert--error ev-error-summary" role="group" aria-labelledby={titleId} data-testid="error-summary">
      <div className="utrecht-alert__content"><div className="utrecht-alert__message">
        <p className="utrecht-paragraph" id={titleId}><strong>{t('errors.summaryTitle', { count: messages.length })}</strong></p>
        <ul className="utrecht-unordered-list">
          {messages.map((message) => (
            <li key={message} className="utrecht-unordered-list__item"><a href="#" className="utrecht-link" onClick={(e) => jump(e, message)}>{message}</a></li>
          ))}
        </ul>
      </div></div>
    </div>
  );
}
