/**
 * The staging area: a private temporary folder where files the UI uploads land before import (a
 * browser hands over bytes, never paths). Each file gets its own sub-folder so two uploads with
 * the same name never collide, and keeps its (sanitised) name because the importer reports it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StagedFile } from '../../shared/api-types.js';
import { AppError } from '../../shared/errors.js';

/** 200 MB: far above a national edition's results file, low enough to refuse a runaway upload. */
export const MAX_STAGED_BYTES = 200 * 1024 * 1024;

export class StagingArea {
  readonly root: string;

  constructor(root?: string) {
    this.root = root ?? fs.mkdtempSync(path.join(os.tmpdir(), 'barometre-staging-'));
    fs.mkdirSync(this.root, { recursive: true, mode: 0o700 });
  }

  /** Keeps letters, digits, accents, spaces, dots, dashes; never a path separator or `..`. */
  static safeName(name: string): string {
    const base = path.basename(name.replace(/\\/g, '/'));
    const cleaned = base.replace(/[^\p{L}\p{N} ._()-]/gu, '_').replace(/^\.+/, '').trim().slice(0, 200);
    return cleaned || 'fichier';
  }

  stage(name: string, bytes: Uint8Array): StagedFile {
    if (bytes.byteLength > MAX_STAGED_BYTES) {
      throw new AppError('INVALID_INPUT', `Fichier trop volumineux (${bytes.byteLength} octets ; limite ${MAX_STAGED_BYTES}).`);
    }
    const folder = path.join(this.root, crypto.randomBytes(8).toString('hex'));
    fs.mkdirSync(folder, { mode: 0o700 });
    const safe = StagingArea.safeName(name);
    const file = path.join(folder, safe);
    fs.writeFileSync(file, bytes);
    return { path: file, name: safe, size: bytes.byteLength };
  }

  /** A writable path for a stream upload (the server writes it chunk by chunk). */
  reserve(name: string): string {
    const folder = path.join(this.root, crypto.randomBytes(8).toString('hex'));
    fs.mkdirSync(folder, { mode: 0o700 });
    return path.join(folder, StagingArea.safeName(name));
  }

  contains(file: string): boolean {
    return isInside(this.root, file);
  }

  dispose(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** True when `file` resolves inside `folder` (after resolving symlinks where the file exists). */
export function isInside(folder: string, file: string): boolean {
  const real = (p: string): string => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  const root = real(folder);
  const target = real(file);
  const rel = path.relative(root, target);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
