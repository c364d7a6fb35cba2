import { BadRequestException } from '@nestjs/common';
import { DomainError } from './domain-error.js';
import { inspectInput, isInvalidText, jsonTooDeep, MAX_JSON_DEPTH } from './input-guard.js';

const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);
const caught = (fn: () => void): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('jsonTooDeep', () => {
  it('counts arrays and objects, 32 levels pass and 33 do not, bytes and strings alike', () => {
    expect(jsonTooDeep(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonTooDeep(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(jsonTooDeep(Buffer.from(nested(MAX_JSON_DEPTH + 1)))).toBe(true);
    expect(jsonTooDeep('{"a":'.repeat(33) + '1' + '}'.repeat(33))).toBe(true);
    // Siblings do not add up: depth, not count.
    expect(jsonTooDeep(`[${Array.from({ length: 1000 }, () => nested(30)).join(',')}]`)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included, and multi-byte UTF-8', () => {
    expect(jsonTooDeep(JSON.stringify({ a: '['.repeat(100) }))).toBe(false);
    expect(jsonTooDeep(JSON.stringify({ a: `\\"${'['.repeat(100)}\\"` }))).toBe(false);
    expect(jsonTooDeep(Buffer.from(JSON.stringify({ a: `é😀"[[[[${'{'.repeat(50)}` })))).toBe(false);
    expect(jsonTooDeep(Buffer.from(`{"a":"\\\\",${'"b":['.repeat(1)}${nested(40)}]}`))).toBe(true);
  });
});

describe('isInvalidText', () => {
  it('finds NUL and lone surrogates, not valid pairs', () => {
    expect(isInvalidText('a\u0000b')).toBe(true);
    expect(isInvalidText('\ud800a@example.org')).toBe(true);
    expect(isInvalidText('a\udc00')).toBe(true);
    expect(isInvalidText('\ud83d\ude00 ok')).toBe(false);
    expect(isInvalidText('gewoon tekst, ook met é en ß')).toBe(false);
  });
});

describe('inspectInput', () => {
  it('names the field path of a bad string, in objects and arrays', () => {
    const error = caught(() => inspectInput({ sections: [{ text: 'ok' }, { text: 'nul\u0000' }] }));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ status: 400, code: 'validation_failed', extra: { field: 'sections.1.text', fields: ['sections.1.text'] } });
    expect(caught(() => inspectInput('x\ud800', 'id'))).toMatchObject({ extra: { field: 'id' } });
    expect(caught(() => inspectInput({ ok: 'yes', n: 1, b: true, z: null }))).toBeUndefined();
  });

  it('refuses prototype keys like unknown fields, at any depth', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const error = caught(() => inspectInput(JSON.parse(`{"a":{"${key}":{}}}`))) as BadRequestException;
      expect(error).toBeInstanceOf(BadRequestException);
      expect(error.getResponse()).toMatchObject({ code: 'validation_failed', fields: [`a.${key}`], message: [`property ${key} should not exist`] });
    }
  });

  it('refuses parsed input deeper than 32 levels without recursion', () => {
    expect(caught(() => inspectInput(JSON.parse(nested(100_000))))).toMatchObject({ code: 'too_deep' });
    expect(caught(() => inspectInput(JSON.parse(nested(32))))).toBeUndefined();
  });
});
