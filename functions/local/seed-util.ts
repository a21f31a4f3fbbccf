/** Seeded randomness for the demo data: the same seed gives the same demo tenant on every run. */

/** A deterministic random number generator (mulberry32): each call returns a number in [0, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks one element of a non-empty list with the given generator. */
export function picker(rand: () => number): <T>(a: readonly T[]) => T {
  return <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;
}
