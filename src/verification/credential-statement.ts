/** What an organisation vouches for in a credential. Nothing more personal than this goes in. */
export interface CredentialFacts {
  credentialId: string;
  counsellorName: string;
  organisationName: string;
  organisationFingerprint: string;
  /** The counsellor's own OpenPGP key, when they have one. */
  counsellorKeyFingerprint: string | null;
  issuedAt: Date;
  validUntil: Date;
  /** Where partners fetch the organisation key and check codes, e.g. https://eenverhaal.example. */
  publicUrl: string;
  organisationId: string;
}

/**
 * Names and organisation names are free text typed by people. Inside a signed statement a line break
 * or control character could forge a line ("Rol / Role: coordinator"), so each field becomes one line.
 */
export function singleLine(value: string): string {
  return value.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu, ' ').replace(/\s+/g, ' ').trim();
}

/** `016FDB36C00DF77D…` → `016F DB36 C00D F77D 94C3  9250 DA1E 70BC 75FB 0597`, as gpg prints it. */
export function groupFingerprint(fingerprint: string): string {
  const groups = fingerprint.toUpperCase().match(/.{1,4}/g) ?? [];
  return `${groups.slice(0, 5).join(' ')}  ${groups.slice(5).join(' ')}`.trim();
}

/**
 * The text the organisation key clear-signs: Dutch first, English second, one fact a line, readable
 * by a person and checkable by `gpg --verify`.
 */
export function composeCredentialStatement(facts: CredentialFacts): string {
  const base = facts.publicUrl.replace(/\/$/, '');
  return [
    'Eenverhaal: verklaring van het ondersteuningsteam / statement of the support team',
    '',
    `Naam / Name: ${singleLine(facts.counsellorName)}`,
    'Rol / Role: procesbegeleider (counsellor)',
    `Organisatie / Organisation: ${singleLine(facts.organisationName)}`,
    `Geldig tot / Valid until: ${facts.validUntil.toISOString()}`,
    `Sleutel van de procesbegeleider / Counsellor's key: ${facts.counsellorKeyFingerprint ? groupFingerprint(facts.counsellorKeyFingerprint) : 'geen / none'}`,
    `Uitgegeven / Issued: ${facts.issuedAt.toISOString()}`,
    `Verklaring / Statement: ${facts.credentialId}`,
    `Organisatiesleutel / Organisation key: ${groupFingerprint(facts.organisationFingerprint)}`,
    '',
    'Het ondersteuningsteam heeft de identiteit van deze procesbegeleider persoonlijk gecontroleerd.',
    'The support team checked this counsellor\'s identity in person.',
    `Sleutel / Key: ${base}/api/organisations/${facts.organisationId}/key`,
    'Een verklaring kan worden ingetrokken. Vraag de procesbegeleider om een verificatiecode',
    `en controleer die op ${base}.`,
    'A statement can be revoked. Ask the counsellor for a verification code and check it there.',
    '',
  ].join('\n');
}
