/**
 * The pieces of browser mode's bounds, on their own: chunked serialisation gives exactly
 * JSON.stringify's text and stops past the cap, the admission gate queues and refuses as its
 * limits say (and frees the place of a caller who left), and launch codes are valid once and
 * for a limited time.
 */
import { describe, expect, it } from 'vitest';
import { serializeBounded } from '../../main/server/json-answer.js';
import { Admission, Gate, callClassOf, DEFAULT_ADMISSION_LIMITS, type Release } from '../../main/server/admission.js';
import { LaunchCodes } from '../../main/server/launch-codes.js';

describe('serializeBounded', () => {
  const samples: unknown[] = [
    { ok: true, result: [] },
    { ok: true, result: Array.from({ length: 5000 }, (_, i) => ({ code: `S${i}`, name: `Mairie « ${i} » \u2028 "é"`, score: i % 7 === 0 ? null : i / 3, skip: undefined, withheld: ['n', 'mean'] })) },
    { ok: true, result: { series: [[1, undefined, () => 1], { a: new Date(0), b: null }], total: 3, nested: { deep: { deeper: [1, { x: undefined }] } } } },
    { ok: false, error: { code: 'NOT_FOUND', message: 'introuvable' } },
    { ok: true, result: 'texte' },
    { ok: true, result: null },
  ];

  it('joins to exactly the text of JSON.stringify', () => {
    for (const value of samples) {
      const answer = serializeBounded(value, Number.MAX_SAFE_INTEGER);
      expect(answer).not.toBeNull();
      const text = answer!.chunks.join('');
      expect(text).toBe(JSON.stringify(value));
      expect(answer!.bytes).toBe(Buffer.byteLength(text));
    }
  });

  it('cuts a large answer into chunks and gives up as soon as it passes the cap', () => {
    const big = samples[1];
    const full = serializeBounded(big, Number.MAX_SAFE_INTEGER)!;
    expect(full.chunks.length).toBeGreaterThan(3);
    expect(serializeBounded(big, full.bytes)).not.toBeNull();
    expect(serializeBounded(big, full.bytes - 1)).toBeNull();
  });
});

describe('admission', () => {
  it('classifies calls by kind', () => {
    expect(callClassOf('analytics.scores')).toBe('analytics');
    expect(callClassOf('explorer.rows')).toBe('explorer');
    expect(callClassOf('exports.tables')).toBe('exports');
    expect(callClassOf('imports.stage')).toBe('upload');
    expect(callClassOf('upload')).toBe('upload');
    expect(callClassOf('app.info')).toBe('other');
  });

  it('runs `active` at once, queues `queued`, refuses the rest, and passes a freed slot on in order', async () => {
    const gate = new Gate({ active: 2, queued: 1 });
    const never = (): void => undefined;
    const first = await gate.enter(never)!;
    const second = await gate.enter(never)!;
    const order: string[] = [];
    const third = gate.enter(never)!.then((release) => { order.push('third'); return release; });
    expect(gate.enter(never)).toBeNull();
    expect([gate.running, gate.queued]).toEqual([2, 1]);
    first();
    first(); // releasing twice frees one slot only
    const thirdRelease: Release = await third;
    expect(order).toEqual(['third']);
    expect([gate.running, gate.queued]).toEqual([2, 0]);
    second();
    thirdRelease();
    expect(gate.running).toBe(0);
  });

  it('a waiting caller who leaves frees its place and is never granted a slot', async () => {
    const gate = new Gate({ active: 1, queued: 1 });
    const release = await gate.enter(() => undefined)!;
    let leave!: () => void;
    const waiting = gate.enter((abandon) => { leave = abandon; })!;
    leave();
    await expect(waiting).rejects.toThrow('abandoned');
    expect(gate.queued).toBe(0);
    expect(gate.enter(() => undefined)).not.toBeNull();
    release();
  });

  it('refuses heavy calls, not light ones, while the heap is nearly full', () => {
    const admission = new Admission(DEFAULT_ADMISSION_LIMITS, () => true);
    expect(admission.enter('analytics', () => undefined)).toBeNull();
    expect(admission.enter('other', () => undefined)).not.toBeNull();
  });
});

describe('LaunchCodes', () => {
  it('redeems a code once, within its lifetime only', () => {
    let now = 1_000;
    const codes = new LaunchCodes(60_000, () => now);
    const a = codes.issue();
    const b = codes.issue();
    expect(a).not.toBe(b);
    expect(codes.redeem(a)).toBe(true);
    expect(codes.redeem(a)).toBe(false);
    now += 60_000;
    expect(codes.redeem(b)).toBe(false);
    expect(codes.redeem('')).toBe(false);
  });
});
