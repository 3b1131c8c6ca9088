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
import { processAlive } from '../export/stale-temp-files.js';

/** 200 MB: far above a national edition's results file, low enough to refuse a runaway upload. */
export const MAX_STAGED_BYTES = 200 * 1024 * 1024;

/** `barometre-staging-<pid>-XXXXXX`: the pid tells a later start whether the owner is gone. */
const STAGING_PREFIX = 'barometre-staging-';
const STAGING_FOLDER = /^barometre-staging-(\d+)-[A-Za-z0-9]{6}$/;

export class StagingArea {
  readonly root: string;

  constructor(root?: string) {
    if (root === undefined) {
      // A server that crashed never ran dispose(): its uploads would stay in the temp folder.
      removeStaleStagingFolders(os.tmpdir());
    }
    this.root = root ?? fs.mkdtempSync(path.join(os.tmpdir(), `${STAGING_PREFIX}${process.pid}-`));
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
      throw AppError.keyed('INVALID_INPUT', 'api.stagedTooLarge', { bytes: bytes.byteLength, limit: MAX_STAGED_BYTES });
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

/**
 * Removes the staging folders, in `parent`, of servers that are no longer running (their pid is
 * in the name) and that belong to this user; returns the folders removed. A living server's
 * folder, another user's, or one not named by us is left alone.
 */
export function removeStaleStagingFolders(parent: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(parent, { withFileTypes: true });
  } catch {
    return [];
  }
  const uid = typeof process.getuid === 'function' ? process.getuid() : null;
  const removed: string[] = [];
  for (const entry of entries) {
    const match = entry.isDirectory() ? STAGING_FOLDER.exec(entry.name) : null;
    if (!match || processAlive(Number(match[1]))) continue;
    const folder = path.join(parent, entry.name);
    try {
      if (uid !== null && fs.lstatSync(folder).uid !== uid) continue;
      fs.rmSync(folder, { recursive: true, force: true });
      removed.push(folder);
    } catch {
      // Vanished meanwhile or not removable: nothing to do.
    }
  }
  return removed;
}
