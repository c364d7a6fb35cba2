import * as openpgp from 'openpgp';

/**
 * An identity provider's client secret at rest: an OpenPGP message encrypted to the key-encryption
 * passphrase (ORG_KEY_PASSPHRASE), the same passphrase that protects the organisation keys, so one
 * secret and one `npm run keys:passphrase` cover both. The secret itself is never logged or returned.
 */
export async function encryptClientSecret(secret: string, passphrase: string): Promise<string> {
  const message = await openpgp.createMessage({ text: secret });
  return openpgp.encrypt({ message, passwords: [passphrase], format: 'armored' });
}

export async function decryptClientSecret(armored: string, passphrase: string): Promise<string> {
  const message = await openpgp.readMessage({ armoredMessage: armored });
  const { data } = await openpgp.decrypt({ message, passwords: [passphrase], format: 'utf8' });
  return data as string;
}
