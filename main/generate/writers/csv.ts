/**
 * French CSV as analysts receive it: `;` separator, decimal comma, dd/mm/yyyy dates, CRLF line ends,
 * UTF-8 with a BOM by default (or plain UTF-8, or Windows-1252). Streams to disk with back-pressure.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { OutCell, TableSpec } from '../layouts.js';
import { PROGRESS_EVERY, checkCancelled, frenchDate, type WriteHooks, type WriteOutcome } from './common.js';

export type CsvEncoding = 'utf-8-bom' | 'utf-8' | 'windows-1252';

/** Windows-1252 bytes 0x80–0x9F that differ from Latin-1. */
const CP1252_EXTRA: ReadonlyMap<string, number> = new Map([
  ['€', 0x80], ['‚', 0x82], ['ƒ', 0x83], ['„', 0x84], ['…', 0x85], ['†', 0x86], ['‡', 0x87], ['ˆ', 0x88], ['‰', 0x89],
  ['Š', 0x8a], ['‹', 0x8b], ['Œ', 0x8c], ['Ž', 0x8e], ['‘', 0x91], ['’', 0x92], ['“', 0x93], ['”', 0x94], ['•', 0x95],
  ['–', 0x96], ['—', 0x97], ['˜', 0x98], ['™', 0x99], ['š', 0x9a], ['›', 0x9b], ['œ', 0x9c], ['ž', 0x9e], ['Ÿ', 0x9f],
]);

/** Encodes text as Windows-1252; characters it lacks become `?`. */
export function encodeWindows1252(text: string): Buffer {
  const bytes = Buffer.alloc(text.length);
  let n = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0x3f;
    const extra = CP1252_EXTRA.get(char);
    bytes[n++] = extra ?? (code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : 0x3f);
  }
  return bytes.subarray(0, n);
}

export function csvCell(cell: OutCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell).replace('.', ',');
  if (typeof cell === 'object') return frenchDate(cell.date);
  return /[;"\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function csvLine(cells: readonly OutCell[]): string {
  return `${cells.map(csvCell).join(';')}\r\n`;
}

export async function writeCsv(path: string, table: TableSpec, encoding: CsvEncoding = 'utf-8-bom', hooks?: WriteHooks): Promise<WriteOutcome> {
  const stream = createWriteStream(path);
  const encode = (text: string): Buffer => (encoding === 'windows-1252' ? encodeWindows1252(text) : Buffer.from(text, 'utf8'));
  let rows = 0;
  try {
    let chunk = (encoding === 'utf-8-bom' ? '\ufeff' : '') + csvLine(table.headers);
    const flush = async (): Promise<void> => {
      if (!stream.write(encode(chunk))) await once(stream, 'drain');
      chunk = '';
    };
    for (const row of table.rows) {
      chunk += csvLine(row);
      rows += 1;
      if (chunk.length > 1 << 16) await flush();
      if (rows % PROGRESS_EVERY === 0) {
        checkCancelled(hooks);
        hooks?.onRows?.(rows);
      }
    }
    await flush();
    stream.end();
    await once(stream, 'finish');
  } catch (error) {
    stream.destroy();
    throw error;
  }
  hooks?.onRows?.(rows);
  return { rows };
}
