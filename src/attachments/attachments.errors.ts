import { HttpStatus } from '@nestjs/common';
import { CommonErrors, DomainError } from '../common/domain-error.js';
import type { OpenPgpFormatError, OpenPgpFormatReason } from './openpgp/openpgp-format.error.js';

const invalidKey = (code: string, nl: string, en: string, field = 'publicKey') =>
  new DomainError(HttpStatus.BAD_REQUEST, code, { nl: `${field}: ${nl}`, en: `${field}: ${en}` }, { field });
const refusedKey = (code: string, nl: string, en: string, field = 'publicKey') =>
  new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, code, { nl: `${field}: ${nl}`, en: `${field}: ${en}` }, { field });

export const KeyErrors = {
  unreadable: () => invalidKey('key_unreadable',
    'dit is geen leesbare OpenPGP-sleutel. Plak de hele publieke sleutel, van BEGIN tot END.',
    'this is not a readable OpenPGP key. Paste the whole public key, from BEGIN to END.'),
  notSingle: () => invalidKey('key_not_single',
    'stuur precies één sleutel.', 'send exactly one key.'),
  privateInPublicField: () => invalidKey('key_is_private',
    'dit is een geheime sleutel. Stuur hier alleen de publieke sleutel.',
    'this is a private key. Send only the public key here.'),
  revoked: () => refusedKey('key_revoked', 'deze sleutel is ingetrokken.', 'this key has been revoked.'),
  expired: () => refusedKey('key_expired', 'deze sleutel is verlopen.', 'this key has expired.'),
  invalid: () => refusedKey('key_invalid',
    'de handtekeningen in deze sleutel kloppen niet.', 'the signatures in this key are not valid.'),
  weakAlgorithm: () => refusedKey('key_algorithm_not_allowed',
    'deze sleutel gebruikt een verouderd of te zwak algoritme. Gebruik Curve25519 (Ed25519) of RSA van minstens 3072 bits.',
    'this key uses an outdated or weak algorithm. Use Curve25519 (Ed25519) or RSA of at least 3072 bits.'),
  cannotEncrypt: () => refusedKey('key_cannot_encrypt',
    'met deze sleutel kan niemand iets voor u versleutelen. Maak een sleutel met een versleutel-subsleutel.',
    'nobody can encrypt to this key. Create a key with an encryption subkey.'),
  emailMismatch: () => refusedKey('key_email_mismatch',
    'geen gebruikers-ID in deze sleutel bevat het e-mailadres van uw account.',
    'no user ID in this key carries your account\'s email address.'),
  inUse: () => CommonErrors.conflict('key_in_use', {
    nl: 'publicKey: deze sleutel hoort al bij een ander account.',
    en: 'publicKey: this key belongs to another account already.',
  }, { field: 'publicKey' }),
  privateUnreadable: () => invalidKey('private_key_unreadable',
    'dit is geen leesbare, versleutelde OpenPGP-geheime sleutel.', 'this is not a readable, encrypted OpenPGP private key.', 'encryptedPrivateKey'),
  privateNotProtected: () => refusedKey('private_key_not_protected',
    'deze geheime sleutel is niet met een wachtzin beveiligd. Beveilig hem eerst; wij bewaren hem nooit onbeveiligd.',
    'this private key is not protected with a passphrase. Protect it first; we never store it unprotected.', 'encryptedPrivateKey'),
  privateMismatch: () => refusedKey('private_key_mismatch',
    'deze geheime sleutel hoort niet bij de publieke sleutel.', 'this private key does not belong to the public key.', 'encryptedPrivateKey'),
};

const FORMAT_TEXT: Record<OpenPgpFormatReason, { nl: string; en: string }> = {
  malformed_message: { nl: 'Dit is geen geldig versleuteld OpenPGP-bericht.', en: 'This is not a valid encrypted OpenPGP message.' },
  truncated_message: { nl: 'Het bestand is niet compleet aangekomen. Probeer het opnieuw.', en: 'The file did not arrive complete. Please try again.' },
  trailing_data: { nl: 'Na het versleutelde bericht staan nog andere gegevens.', en: 'There is other data after the encrypted message.' },
  malformed_armor: { nl: 'De ASCII-armor van dit bericht klopt niet.', en: 'The ASCII armour of this message is not valid.' },
  not_encrypted: { nl: 'Dit bestand is niet versleuteld. Versleutel het eerst voor de leden van het gesprek.', en: 'This file is not encrypted. Encrypt it for the thread\'s members first.' },
  password_message: { nl: 'Bestanden met alleen een wachtwoord nemen we niet aan. Versleutel voor de sleutels van de leden.', en: 'Password-only files are not accepted. Encrypt to the members\' keys.' },
  unprotected_encryption: { nl: 'Deze versleuteling is verouderd en niet beschermd tegen wijzigingen.', en: 'This encryption is outdated and not protected against tampering.' },
  unsupported_packet: { nl: 'Dit soort OpenPGP-bericht nemen we niet aan.', en: 'This kind of OpenPGP message is not accepted.' },
  unsupported_algorithm: { nl: 'Dit versleutel-algoritme nemen we niet aan.', en: 'This encryption algorithm is not accepted.' },
  anonymous_recipient: { nl: 'Elke ontvanger moet bij naam (sleutel-ID) genoemd zijn.', en: 'Every recipient must be named (by key ID).' },
  no_recipients: { nl: 'Het bericht is voor niemand versleuteld.', en: 'The message is not encrypted to anyone.' },
  version_mismatch: { nl: 'De onderdelen van dit bericht passen niet bij elkaar (OpenPGP-versies).', en: 'The parts of this message do not match (OpenPGP versions).' },
};

export const AttachmentErrors = {
  format: (error: OpenPgpFormatError) =>
    new DomainError(error.isMalformed ? HttpStatus.BAD_REQUEST : HttpStatus.UNPROCESSABLE_ENTITY, error.reason, FORMAT_TEXT[error.reason]),
  unsupportedMediaType: (accepted: string[]) => new DomainError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'unsupported_media_type', {
    nl: `Stuur het bestand als ${accepted.join(' of ')}.`,
    en: `Send the file as ${accepted.join(' or ')}.`,
  }, { accepted }),
  tooLarge: (limit: number) => new DomainError(HttpStatus.PAYLOAD_TOO_LARGE, 'attachment_too_large', {
    nl: `Het bestand is te groot. Het mag hoogstens ${Math.floor(limit / 1048576)} MB zijn.`,
    en: `The file is too large. It may be at most ${Math.floor(limit / 1048576)} MB.`,
  }, { limit }),
  missingRecipients: (missing: string[], missingUserIds: string[]) => new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'missing_recipients', {
    nl: 'Het bestand is niet voor alle leden van het gesprek versleuteld. Haal de ontvangers opnieuw op en versleutel opnieuw.',
    en: 'The file is not encrypted to every member of the thread. Fetch the recipients again and encrypt again.',
  }, { missing, missingUserIds }),
  foreignRecipients: (keyIds: string[]) => new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'unknown_recipients', {
    nl: 'Het bestand is ook versleuteld voor sleutels van mensen die geen lid van dit gesprek zijn.',
    en: 'The file is also encrypted to keys of people who are not members of this thread.',
  }, { unknown: keyIds }),
  cannotShare: () => new DomainError(HttpStatus.FORBIDDEN, 'attachment_not_openable', {
    nl: 'U kunt dit bestand zelf niet openen, dus ook niet met anderen delen.',
    en: 'You cannot open this attachment yourself, so you cannot share it either.',
  }),
  interrupted: () => new DomainError(HttpStatus.BAD_REQUEST, 'upload_interrupted', {
    nl: 'Het versturen is afgebroken. Probeer het opnieuw.',
    en: 'The upload was interrupted. Please try again.',
  }),
  rangeNotSatisfiable: (length: number) => new DomainError(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, 'range_not_satisfiable', {
    nl: `Dit deel van het bestand bestaat niet: het is ${length} bytes groot.`,
    en: `This part of the attachment does not exist: it is ${length} bytes long.`,
  }, { length }, { 'Content-Range': `bytes */${length}` }),
  storeUnavailable: () => new DomainError(HttpStatus.SERVICE_UNAVAILABLE, 'attachment_store_unavailable', {
    nl: 'Dit bestand staat in een opslag die de portal nu niet gebruikt. Meld dit bij de beheerder.',
    en: 'This attachment is kept in a store the portal is not configured for now. Please tell the administrator.',
  }),
  invalidMetadata: (detail: string) => new DomainError(HttpStatus.BAD_REQUEST, 'invalid_metadata', {
    nl: 'Attachment-Metadata: dit is niet één versleuteld OpenPGP-gegevenspakket (base64, hoogstens 4 KiB) dat bij het bestand past.',
    en: 'Attachment-Metadata: this is not one encrypted OpenPGP data packet (base64, at most 4 KiB) that goes with the file.',
  }, { field: 'Attachment-Metadata', detail }),
  metadataNotFound: () => new DomainError(HttpStatus.NOT_FOUND, 'metadata_not_found', {
    nl: 'Bij deze bijlage zijn geen naam en grootte bewaard. Hij is verstuurd voordat dat kon; open hem om de naam te zien.',
    en: 'No name and size were kept with this attachment. It was sent before that was possible; open it to see its name.',
  }),
  noAccessYet: () => new DomainError(HttpStatus.FORBIDDEN, 'no_access_yet', {
    nl: 'U kunt deze bijlage nog niet openen: hij is niet voor uw sleutel versleuteld. Vraag toegang; iemand die hem kan openen, kan hem dan met u delen.',
    en: 'You cannot open this attachment yet: it is not encrypted to your key. Ask for access; someone who can open it can then share it with you.',
  }),
  alreadyHasAccess: () => CommonErrors.conflict('already_has_access', {
    nl: 'U kunt deze bijlage al openen.',
    en: 'You can already open this attachment.',
  }),
  noKey: () => new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'key_required', {
    nl: 'Zet eerst uw eigen OpenPGP-sleutel in uw profiel.',
    en: 'Add your own OpenPGP key to your profile first.',
  }),
};
