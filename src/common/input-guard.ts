import { BadRequestException, HttpStatus } from '@nestjs/common';
import { DomainError } from './domain-error.js';

/** Deeper JSON than this (arrays and objects nested in each other) is refused before anything else reads it. */
export const MAX_JSON_DEPTH = 32;

/** Keys that mean something to JavaScript objects: refused like any unknown field, never merged or dropped. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export const InputErrors = {
  tooDeep: () =>
    new DomainError(HttpStatus.BAD_REQUEST, 'too_deep', {
      nl: `De gegevens zijn te diep genest (meer dan ${MAX_JSON_DEPTH} niveaus).`,
      en: `The data is nested too deeply (more than ${MAX_JSON_DEPTH} levels).`,
    }, { maxDepth: MAX_JSON_DEPTH }),
  invalidText: (field: string) =>
    new DomainError(HttpStatus.BAD_REQUEST, 'validation_failed', {
      nl: `${field}: bevat een teken dat niet is toegestaan (een NUL-teken of een losse UTF-16-surrogaat).`,
      en: `${field}: contains a character that is not allowed (a NUL character or a lone UTF-16 surrogate).`,
    }, { field, fields: [field] }),
};

/**
 * Counts the nesting of raw JSON (bytes in UTF-8, or a decoded string) without parsing it: brackets
 * and braces outside strings. Stops at the first level over `max`, so a hostile body costs no more
 * than one pass over its bytes, like a flat one. Malformed JSON is left for the parser to refuse.
 */
export function jsonTooDeep(raw: Uint8Array | string, max = MAX_JSON_DEPTH): boolean {
  const length = raw.length;
  const at: (i: number) => number = typeof raw === 'string' ? (i) => raw.charCodeAt(i) : (i) => raw[i];
  let depth = 0;
  let inString = false;
  for (let i = 0; i < length; i++) {
    const c = at(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

// With the u flag a valid surrogate pair is one code point, so \p{Cs} matches only a lone half.
const INVALID_TEXT = /[\0\p{Cs}]/u;

/** A string PostgreSQL or the validators cannot take: a NUL character or a lone UTF-16 surrogate. */
export function isInvalidText(value: string): boolean {
  return INVALID_TEXT.test(value);
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer);
}

/**
 * One iterative pass over parsed input (HTTP body, query or params, socket payload) before
 * class-transformer sees it: refuses nesting deeper than {@link MAX_JSON_DEPTH} (`too_deep`), a NUL
 * character or a lone surrogate in any string or key (400 naming the field), and `__proto__`,
 * `constructor` and `prototype` keys (400 like an unknown field). Its cost is one look at each value.
 */
export function inspectInput(input: unknown, root = ''): void {
  if (typeof input === 'string') {
    if (isInvalidText(input)) throw InputErrors.invalidText(root || 'value');
    return;
  }
  if (!isContainer(input)) return;
  const forbidden: string[] = [];
  const stack: { value: Record<string, unknown> | unknown[]; path: string; depth: number }[] = [{ value: input, path: root, depth: 1 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (depth > MAX_JSON_DEPTH) throw InputErrors.tooDeep();
    const keys = Array.isArray(value) ? value.keys() : Object.keys(value);
    for (const key of keys) {
      const name = String(key);
      const field = path ? `${path}.${name}` : name;
      if (typeof key === 'string') {
        if (isInvalidText(key)) throw InputErrors.invalidText(path || 'body');
        if (FORBIDDEN_KEYS.has(key)) {
          forbidden.push(field);
          continue;
        }
      }
      const child = (value as Record<string, unknown>)[name];
      if (typeof child === 'string') {
        if (isInvalidText(child)) throw InputErrors.invalidText(field);
      } else if (isContainer(child)) {
        stack.push({ value: child, path: field, depth: depth + 1 });
      }
    }
  }
  if (forbidden.length > 0) {
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      code: 'validation_failed',
      message: forbidden.map((field) => `property ${field.split('.').pop()} should not exist`),
      fields: forbidden,
    });
  }
}
