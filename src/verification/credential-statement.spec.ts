import { composeCredentialStatement, groupFingerprint, singleLine } from './credential-statement.js';

const facts = {
  credentialId: '2b1c7e1e-5a43-4b0a-9f35-0c7f3f0f7a11',
  counsellorName: 'Bas Begeleider',
  organisationName: 'Ondersteuningsteam Demo',
  organisationFingerprint: '016FDB36C00DF77D94C39250DA1E70BC75FB0597',
  counsellorKeyFingerprint: null,
  issuedAt: new Date('2026-11-23T10:00:00.000Z'),
  validUntil: new Date('2027-11-23T10:00:00.000Z'),
  publicUrl: 'https://eenverhaal.example/',
  organisationId: '6f1b0c1e-8a1f-4f33-b5d4-1c0b5a0e9b22',
};

describe('credential statement', () => {
  it('states name, role, organisation, validity and keys, one fact a line', () => {
    const text = composeCredentialStatement(facts);
    expect(text).toContain('Naam / Name: Bas Begeleider\n');
    expect(text).toContain('Rol / Role: procesbegeleider (counsellor)\n');
    expect(text).toContain('Organisatie / Organisation: Ondersteuningsteam Demo\n');
    expect(text).toContain('Geldig tot / Valid until: 2027-11-23T10:00:00.000Z\n');
    expect(text).toContain("Counsellor's key: geen / none\n");
    expect(text).toContain('Organisation key: 016F DB36 C00D F77D 94C3  9250 DA1E 70BC 75FB 0597\n');
    expect(text).toContain('https://eenverhaal.example/api/organisations/6f1b0c1e-8a1f-4f33-b5d4-1c0b5a0e9b22/key');
  });

  it('names the counsellor key when there is one', () => {
    const text = composeCredentialStatement({ ...facts, counsellorKeyFingerprint: 'ab'.repeat(20) });
    expect(text).toContain("Counsellor's key: ABAB ABAB ABAB ABAB ABAB  ABAB ABAB ABAB ABAB ABAB\n");
  });

  it('cannot be given extra lines through a name', () => {
    const text = composeCredentialStatement({ ...facts, counsellorName: 'Eve\nRol / Role: coordinator\u2028x\u0000' });
    expect(text).toContain('Naam / Name: Eve Rol / Role: coordinator x\n');
    expect(text.match(/^Rol \/ Role:/gm)).toHaveLength(1);
  });

  it('keeps ordinary text as it is', () => {
    expect(singleLine('  Coco  Coördinator (demo) ')).toBe('Coco Coördinator (demo)');
    expect(groupFingerprint('016fdb36c00df77d94c39250da1e70bc75fb0597')).toBe('016F DB36 C00D F77D 94C3  9250 DA1E 70BC 75FB 0597');
  });
});
