import { buildSummary } from './consultation-summary.js';

describe('buildSummary', () => {
  it('keeps region, children, placements, measures, reasons, household and wishes as codes and years', () => {
    const summary = buildSummary({
      regionCodes: ['ijsselland', 'rijnmond'],
      householdComposition: 'single_parent',
      placementReasons: ['financial', 'housing'],
      desiredSituation: ['reverse_placement'],
      children: [{ birthYear: 2015, placement: 'foster_family', protectionMeasure: 'supervision_order', placedSinceYear: 2023 }],
    });
    expect(summary).toEqual({
      regions: [{ code: 'ijsselland', name: 'IJsselland' }, { code: 'rijnmond', name: 'Rijnmond' }],
      householdComposition: 'single_parent',
      placementReasons: ['financial', 'housing'],
      desiredSituation: ['reverse_placement'],
      children: [{ birthYear: 2015, placement: 'foster_family', protectionMeasure: 'supervision_order', placedSinceYear: 2023 }],
    });
  });

  it('drops anything outside the vocabularies, so no text can travel through a wrong row', () => {
    const marker = 'MARKER-Jozefien';
    const summary = buildSummary({
      regionCodes: [marker, 'ijsselland'],
      householdComposition: marker as never,
      placementReasons: [marker as never, 'other'],
      desiredSituation: [marker as never],
      children: [
        { birthYear: 2015, placement: marker as never, protectionMeasure: 'none', placedSinceYear: null },
        { birthYear: marker as never, placement: 'home', protectionMeasure: 'none', placedSinceYear: null },
        { birthYear: 2012, placement: 'home', protectionMeasure: 'none', placedSinceYear: marker as never },
      ],
    });
    expect(JSON.stringify(summary)).not.toContain('MARKER');
    expect(summary).toMatchObject({ regions: [{ code: 'ijsselland' }], householdComposition: null, placementReasons: ['other'], desiredSituation: [] });
    expect(summary.children).toEqual([{ birthYear: 2012, placement: 'home', protectionMeasure: 'none', placedSinceYear: null }]);
  });
});
