/** Reproducible randomness for the simulator and the tests: a seeded generator and UUIDs drawn from it. */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex4 = (v: number) => HEX[(v >>> 8) & 0xff]! + HEX[v & 0xff]!;
const hex8 = (v: number) => hex4(v >>> 16) + hex4(v & 0xffff);

/** mulberry32: small, fast, good enough for simulation, and reproducible everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A version-4-shaped UUID drawn from `rand` (reproducible, unlike randomUUID). */
export function seededUuid(rand: () => number): string {
  const a = (rand() * 0x100000000) >>> 0;
  const b = (rand() * 0x100000000) >>> 0;
  const c = (rand() * 0x100000000) >>> 0;
  const d = (rand() * 0x100000000) >>> 0;
  // Version nibble 4 and variant bits 10xx, set on the random words.
  const b2 = (b & 0xffff0fff) | 0x00004000;
  const c2 = (c & 0x3fffffff) | 0x80000000;
  return `${hex8(a)}-${hex4(b2 >>> 16)}-${hex4(b2 & 0xffff)}-${hex4(c2 >>> 16)}-${hex4(c2 & 0xffff)}${hex8(d)}`;
}
