/**
 * Options shared by the analytics commands (scores, peers, winners, indicators, trends,
 * completeness): `--edition YEAR` (default: the latest edition with audits) and `--level`, parsed
 * into checked values, plus the number formats of their tables.
 */
import type { Db } from '../../db/connection.js';
import { LEVELS } from '../../../shared/domain.js';
import type { Level } from '../../../shared/domain.js';
import { AppError } from '../../../shared/errors.js';
import { resolveEdition } from '../../analytics/index.js';
import type { CliContext, OptionSpec } from '../command.js';

export const EDITION_OPTION: OptionSpec = { edition: { type: 'string', short: 'e' } };

export const LEVEL_LABELS: Record<Level, string> = {
  overall: 'Global', step: 'Étape', channel: 'Canal', determinant: 'Déterminant', item: 'Item',
};

export function stringOption(ctx: CliContext, name: string): string | undefined {
  const value = ctx.values[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The edition asked with --edition, else the latest edition with audits (aggregates ensured). */
export function editionOf(ctx: CliContext, db: Db): number {
  const raw = stringOption(ctx, 'edition');
  if (raw === undefined) return resolveEdition(db);
  if (!/^\d{4}$/.test(raw)) throw AppError.keyed('INVALID_INPUT', 'cli.editionFourDigits', { value: raw });
  return resolveEdition(db, Number(raw));
}

/** --level (or `fallback`); "all" gives undefined = every level. */
export function levelOf(ctx: CliContext, fallback: Level | undefined): Level | undefined {
  const raw = stringOption(ctx, 'level');
  if (raw === undefined) return fallback;
  if (raw === 'all' || raw === 'tous') return undefined;
  if (!(LEVELS as readonly string[]).includes(raw)) {
    throw AppError.keyed('INVALID_INPUT', 'cli.levelInvalid', { levels: LEVELS.join(', '), value: raw });
  }
  return raw as Level;
}

const weightFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
export const formatWeight = (n: number): string => weightFormat.format(n);
