import { printable } from './overview-pdf.js';

describe("printable (the PDF overview's built-in fonts know WinAnsi only)", () => {
  it('keeps Dutch text, quotes and the euro sign as they are', () => {
    const text = 'Coördinator: “één verhaal” – € 12,50\nTweede regel\tmet tab';
    expect(printable(text)).toBe(text);
  });

  it('shows other characters as ? and control characters as a space', () => {
    expect(printable('Hoi 👋 ✓ 你好\u0007!')).toBe('Hoi ? ? ?? !');
  });
});
