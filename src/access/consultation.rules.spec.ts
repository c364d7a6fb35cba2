import { consultationSideOf } from './consultation.rules.js';

describe('consultationSideOf', () => {
  const c = { expertId: 'e1', askedById: 'c1' };
  it('knows the addressed expert and the asking counsellor, nobody else', () => {
    expect(consultationSideOf(c, { id: 'e1', role: 'expert' })).toBe('expert');
    expect(consultationSideOf(c, { id: 'c1', role: 'counsellor' })).toBe('counsellor');
    expect(consultationSideOf(c, { id: 'e2', role: 'expert' })).toBeNull();
    expect(consultationSideOf(c, { id: 'c2', role: 'counsellor' })).toBeNull();
    expect(consultationSideOf(c, { id: 'e1', role: 'coordinator' })).toBeNull();
  });
});
