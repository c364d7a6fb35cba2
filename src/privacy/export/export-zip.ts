import { createWriteStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { PassThrough, Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { JsonStreamWriter } from './json-stream.js';
import { OverviewPdf } from './overview-pdf.js';

/** `attachments/LEESMIJ.txt`: how to open the ciphertexts (Dutch first). */
export const ATTACHMENTS_README = `Bijlagen openen
===============

De bestanden in deze map zijn versleuteld (OpenPGP). Eenverhaal kan ze zelf niet lezen:
alleen wie de juiste sleutel heeft, kan ze openen. U opent ze met uw eigen sleutel.

Met het portaal: log in, open het gesprek en klik op de bijlage. Het portaal gebruikt de sleutel
in uw browser (of de reservekopie die u met uw wachtwoordzin bewaarde).

Met GnuPG (https://gnupg.org, ook Gpg4win of GPG Suite):
  1. Zet uw geheime sleutel in GnuPG:  gpg --import mijn-sleutel.asc
  2. Open een bijlage:                 gpg --decrypt attachments/<id>.pgp > bijlage
De oorspronkelijke bestandsnaam staat versleuteld in het portaal; data.json noemt bij elke
bijlage het gesprek en de datum.

Opening the attachments (English)
---------------------------------
The files in this folder are OpenPGP-encrypted; Eenverhaal cannot read them. Open them in the
portal (your key in the browser) or with GnuPG: import your secret key (gpg --import), then
gpg --decrypt attachments/<id>.pgp > file.
`;

export const LEESMIJ = `Uw kopie van Eenverhaal
=======================

data.json       alles wat Eenverhaal over u bewaart, leesbaar voor computers (schema: zie de
                README van Eenverhaal, "Privacy rights", of privacy-export.schema.json)
overzicht.pdf   hetzelfde, leesbaar voor mensen
attachments/    de versleutelde bijlagen die u kunt openen, met LEESMIJ.txt over hoe

Your copy of Eenverhaal: data.json (machine-readable), overzicht.pdf (readable, in Dutch),
attachments/ (the encrypted attachments you can open, with LEESMIJ.txt on how).
`;

export interface ZipBuild {
  json: JsonStreamWriter;
  pdf: OverviewPdf;
  /** Closes data.json and the PDF and adds the PDF: call once every section is written. */
  closeSections(): Promise<void>;
  /** Adds one entry from a stream and waits until the ZIP has taken all of it (one at a time: memory stays flat). */
  addStream(name: string, stream: Readable): Promise<void>;
  /** Ends the ZIP and makes it visible under its final name; its size in bytes. */
  finish(): Promise<number>;
  abort(): Promise<void>;
}

/**
 * Starts a ZIP written to `${target}.part` as it is made (yazl streams every entry; nothing is
 * built in memory): `data.json` first, fed by the returned JSON writer while the PDF grows in a
 * file beside it; then the PDF, the read-me files and the attachments, one after another.
 */
export function startZip(target: string, readMe: string = LEESMIJ): ZipBuild {
  const part = `${target}.part`;
  const pdfPath = `${target}.pdf.part`;
  const zip = new ZipFile();
  const out = createWriteStream(part, { mode: 0o600 });
  zip.outputStream.pipe(out);
  const written = finished(out);
  written.catch(() => undefined);
  const mtime = new Date();
  zip.addBuffer(Buffer.from(readMe), 'LEESMIJ.txt', { mtime });
  const jsonStream = new PassThrough({ highWaterMark: 64 * 1024 });
  zip.addReadStream(jsonStream, 'data.json', { mtime, compress: true });
  const json = new JsonStreamWriter(jsonStream);
  const pdf = new OverviewPdf(pdfPath, 'Uw kopie van Eenverhaal');
  let pdfAdded = false;

  const addStream = async (name: string, stream: Readable) => {
    zip.addReadStream(stream, name, { mtime, compress: false });
    await finished(stream);
  };

  return {
    json,
    pdf,
    closeSections,
    async addStream(name, stream) {
      if (!pdfAdded) throw new Error('close the sections before adding attachments');
      await addStream(name, stream);
    },
    async finish() {
      if (!pdfAdded) await closeSections();
      zip.end();
      await written;
      const handle = await open(part, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(part, target);
      await rm(pdfPath, { force: true });
      return (await stat(target)).size;
    },
    async abort() {
      jsonStream.destroy();
      zip.outputStream.unpipe(out);
      out.destroy();
      await rm(part, { force: true });
      await rm(pdfPath, { force: true });
    },
  };

  async function closeSections(): Promise<void> {
    await json.finish();
    await pdf.finish();
    zip.addFile(pdfPath, 'overzicht.pdf', { mtime, compress: true });
    zip.addBuffer(Buffer.from(ATTACHMENTS_README), 'attachments/LEESMIJ.txt', { mtime });
    pdfAdded = true;
  }
}
