/**
 * A deterministic model of a warehouse that emits RFID events: a catalogue of SKUs with a long
 * tail of slow movers, locations in warehouses and zones with their reader devices, receiving in
 * pallet-sized lots, shipping with weekly seasonality, cycle counts and corrections that point at
 * earlier events. Fault injection (exact duplicates, late events, malformed messages of every
 * category the ingest core knows) is part of the model so the expected end state is known.
 *
 * Pure: no I/O, no wall clock, no global randomness. The same seed and the same clock readings
 * give the same messages, byte for byte.
 *
 * @example
 * const sim = new WarehouseModel({ seed: 7 })
 * const m = sim.next(Date.now()) // { key: 'SKU-000042|WH1-A-01', value: '{"event_id":…}', kind: 'valid' }
 * sim.expectedStock()           // Map 'sku|location' → on-hand a correct pipeline must show
 */
import { INVALID_CODES, type EventType, type InvalidCode } from '../domain/rfid-event.ts';
import { cellKey } from '../domain/cell-key.ts';
import { malformedValue } from './malformed-event.ts';
import { seededRandom, seededUuid } from './seeded-random.ts';

export interface WarehouseModelOptions {
  seed: number;
  /** Number of SKUs in the catalogue (default 10,000). */
  skus?: number;
  /** Number of locations (default 20), spread over `warehouses`. */
  locations?: number;
  warehouses?: number;
  /** Fractions in [0, 1] of the emitted messages. */
  duplicateRate?: number;
  lateRate?: number;
  malformedRate?: number;
  /** Size that malformed MESSAGE_TOO_LARGE messages must exceed (the ingest limit). */
  maxMessageBytes?: number;
}

export interface SimulatedEvent {
  event_id: string;
  event_ts: string;
  event_type: EventType;
  sku: string;
  location: string;
  qty: number;
  device_id: string;
  ref_event_id?: string;
}

export type MessageKind = 'valid' | 'duplicate' | 'malformed';

export interface SimulatedMessage {
  key: string;
  value: string;
  kind: MessageKind;
  /** Valid and duplicate messages: the event. */
  event?: SimulatedEvent;
  /** Valid messages whose event_ts was set hours or days in the past. */
  late?: boolean;
  /** Malformed messages: the DLQ code the ingest core must give. */
  malformedCode?: InvalidCode;
}

export interface SimulationSummary {
  messages: number;
  valid: number;
  byType: Record<EventType, number>;
  corrections: number;
  duplicates: number;
  late: number;
  malformed: number;
  malformedByCode: Partial<Record<InvalidCode, number>>;
}

/** Shipping intensity by weekday (0 = Sunday): quiet weekends, a Monday peak. */
export const WEEKDAY_SHIPPING = [0.3, 1.3, 1.2, 1.1, 1.1, 1.2, 0.6] as const;

interface Sku {
  code: string;
  casePack: number;
  reorderPoint: number;
}

const RECENT_RING = 8_192;
const HOUR_MS = 3_600_000;

export class WarehouseModel {
  readonly #rand: () => number;
  readonly #skus: Sku[];
  /** Cumulative Zipf weights over SKUs: a few fast movers, a long tail of intermittent ones. */
  readonly #skuCdf: Float64Array;
  readonly #locations: string[];
  readonly #stock = new Map<string, number>();
  readonly #lastEventOfCell = new Map<string, string>();
  readonly #recent: SimulatedMessage[] = [];
  readonly #options: Required<WarehouseModelOptions>;
  #lastTsMs = NaN;
  #lastTsIso = '';
  #lastShipping = 1;
  readonly summary: SimulationSummary = {
    messages: 0,
    valid: 0,
    byType: { IN: 0, OUT: 0, ADJUST: 0 },
    corrections: 0,
    duplicates: 0,
    late: 0,
    malformed: 0,
    malformedByCode: {},
  };

  constructor(options: WarehouseModelOptions) {
    this.#options = {
      skus: 10_000,
      locations: 20,
      warehouses: 3,
      duplicateRate: 0,
      lateRate: 0,
      malformedRate: 0,
      maxMessageBytes: 16_384,
      ...options,
    };
    const o = this.#options;
    for (const [name, v] of [
      ['duplicateRate', o.duplicateRate],
      ['lateRate', o.lateRate],
      ['malformedRate', o.malformedRate],
    ] as const) {
      if (!(v >= 0 && v <= 1)) throw new RangeError(`${name} must be in [0, 1], got ${v}`);
    }
    if (o.duplicateRate + o.malformedRate > 0.9) throw new RangeError('duplicateRate + malformedRate must leave room for real events (≤ 0.9)');
    if (!Number.isInteger(o.skus) || o.skus < 1) throw new RangeError(`skus must be a positive integer, got ${o.skus}`);
    if (!Number.isInteger(o.locations) || o.locations < 1) throw new RangeError(`locations must be a positive integer, got ${o.locations}`);
    this.#rand = seededRandom(o.seed);
    const packs = [1, 4, 6, 12, 24];
    this.#skus = Array.from({ length: o.skus }, (_, i) => {
      const casePack = packs[Math.floor(this.#rand() * packs.length)]!;
      return { code: `SKU-${String(i + 1).padStart(6, '0')}`, casePack, reorderPoint: casePack * (2 + Math.floor(this.#rand() * 6)) };
    });
    this.#skuCdf = new Float64Array(o.skus);
    let total = 0;
    for (let i = 0; i < o.skus; i++) this.#skuCdf[i] = total += 1 / (i + 1) ** 1.1;
    for (let i = 0; i < o.skus; i++) this.#skuCdf[i]! /= total;
    const zones = ['A', 'B', 'C', 'D'];
    this.#locations = Array.from({ length: o.locations }, (_, i) => {
      const wh = (i % o.warehouses) + 1;
      const n = Math.floor(i / o.warehouses);
      return `WH${wh}-${zones[n % zones.length]}-${String(Math.floor(n / zones.length) + 1).padStart(2, '0')}`;
    });
  }

  get locations(): readonly string[] {
    return this.#locations;
  }

  skuCodes(): string[] {
    return this.#skus.map((s) => s.code);
  }

  /** The next message at the given clock reading (ms since epoch; used for event_ts). */
  next(nowMs: number): SimulatedMessage {
    const o = this.#options;
    const r = this.#rand();
    let message: SimulatedMessage;
    if (r < o.malformedRate) {
      message = this.#malformed(nowMs);
    } else if (r < o.malformedRate + o.duplicateRate && this.#recent.length > 0) {
      const original = this.#recent[Math.floor(this.#rand() * this.#recent.length)]!;
      message = { key: original.key, value: original.value, kind: 'duplicate', event: original.event! };
      this.summary.duplicates++;
    } else {
      message = this.#realEvent(nowMs);
    }
    this.summary.messages++;
    return message;
  }

  /** On-hand per `sku|location` after every valid event emitted so far (each counted once). */
  expectedStock(): Map<string, number> {
    return new Map(this.#stock);
  }

  #realEvent(nowMs: number): SimulatedMessage {
    const sku = this.#skus[this.#pickSku()]!;
    const location = this.#locations[Math.floor(this.#rand() * this.#locations.length)]!;
    const cell = cellKey(sku.code, location);
    const onHand = this.#stock.get(cell) ?? 0;
    const late = this.#rand() < this.#options.lateRate;
    // Late events were seen hours to three days ago and arrive now (a reader that was offline).
    const tsMs = late ? nowMs - Math.floor(HOUR_MS + this.#rand() * 71 * HOUR_MS) : nowMs;
    if (tsMs !== this.#lastTsMs) {
      // Many events share a clock reading (a chunk is generated per tick): format it once.
      this.#lastTsMs = tsMs;
      this.#lastTsIso = new Date(tsMs).toISOString();
      this.#lastShipping = WEEKDAY_SHIPPING[new Date(tsMs).getUTCDay()]!;
    }
    const shipping = this.#lastShipping;
    const previous = this.#lastEventOfCell.get(cell);
    let type: EventType;
    let qty: number;
    let ref: string | undefined;
    const r = this.#rand();
    if (r < 0.01 && previous) {
      // A correction of a miscount on the cell's previous event.
      type = 'ADJUST';
      qty = (1 + Math.floor(this.#rand() * 3)) * (this.#rand() < 0.5 && onHand > 3 ? -1 : 1);
      ref = previous;
      this.summary.corrections++;
    } else if (r < 0.03) {
      // A cycle count finds a small difference either way.
      type = 'ADJUST';
      qty = (1 + Math.floor(this.#rand() * 2)) * (this.#rand() < 0.5 && onHand > 2 ? -1 : 1);
    } else if (onHand <= sku.reorderPoint || r < 0.05) {
      // Receiving: a pallet of 4–20 cases, when stock reaches the reorder point (or early).
      type = 'IN';
      qty = sku.casePack * (4 + Math.floor(this.#rand() * 17));
    } else {
      type = 'OUT';
      // Orders are bigger on busy weekdays: the weekly pattern a forecast must find.
      const want = 1 + Math.floor(this.#rand() * sku.casePack * 2 * shipping);
      // Mostly bounded by what is there; 1 in 200 shipments over-reads (a missed IN), which is
      // how real stock goes negative.
      qty = this.#rand() < 0.005 ? Math.max(1, onHand) + 1 + Math.floor(this.#rand() * 3) : Math.max(1, Math.min(want, onHand));
    }
    const event: SimulatedEvent = {
      event_id: seededUuid(this.#rand),
      event_ts: this.#lastTsIso,
      event_type: type,
      sku: sku.code,
      location,
      qty,
      device_id: `RD-${location}-${1 + Math.floor(this.#rand() * 2)}`,
      ...(ref ? { ref_event_id: ref } : {}),
    };
    this.#stock.set(cell, onHand + (type === 'OUT' ? -qty : qty));
    this.#lastEventOfCell.set(cell, event.event_id);
    // Hand-built JSON (same bytes as JSON.stringify): every field is a catalogue code, a UUID, an
    // ISO time or an integer, so nothing needs escaping — and the generator is the simulator's
    // bottleneck (bench/sources-throughput.ts).
    const value = `{"event_id":"${event.event_id}","event_ts":"${event.event_ts}","event_type":"${type}","sku":"${sku.code}","location":"${location}","qty":${qty},"device_id":"${event.device_id}"${ref ? `,"ref_event_id":"${ref}"` : ''}}`;
    const message: SimulatedMessage = { key: cell, value, kind: 'valid', event, ...(late ? { late: true } : {}) };
    if (this.#recent.length < RECENT_RING) this.#recent.push(message);
    else this.#recent[Math.floor(this.#rand() * RECENT_RING)] = message;
    this.summary.valid++;
    this.summary.byType[type]++;
    if (late) this.summary.late++;
    return message;
  }

  #malformed(nowMs: number): SimulatedMessage {
    const code = INVALID_CODES[Math.floor(this.#rand() * INVALID_CODES.length)]!;
    const sku = this.#skus[this.#pickSku()]!.code;
    const location = this.#locations[Math.floor(this.#rand() * this.#locations.length)]!;
    const n = this.summary.malformed;
    // Every malformed message is unique (a fresh id or a sequence number), so a test can match the
    // DLQ against exactly the set that was sent.
    const base: Record<string, unknown> = {
      event_id: seededUuid(this.#rand),
      event_ts: new Date(nowMs).toISOString(),
      event_type: 'IN',
      sku,
      location,
      qty: 5,
      device_id: 'RD-faulty',
    };
    const value = malformedValue(code, base, { n, nowMs, maxMessageBytes: this.#options.maxMessageBytes });
    this.summary.malformed++;
    this.summary.malformedByCode[code] = (this.summary.malformedByCode[code] ?? 0) + 1;
    return { key: cellKey(sku, location), value, kind: 'malformed', malformedCode: code };
  }

  #pickSku(): number {
    const u = this.#rand();
    let lo = 0;
    let hi = this.#skuCdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#skuCdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
