/**
 * fast-check takes a 32-bit seed and keeps only the low 32 bits of a larger one, so `--seed 5`,
 * `4294967301` and `8589934597` searched the same path. The seed fast-check gets is the low 32 bits
 * XOR a mix of the bits above them: a seed below 2^32 is passed as it is (its findings and paths stay
 * what they were), and every bit of a larger seed changes the search.
 */
export function fastCheckSeed(seed: number): number {
  const low = seed % 2 ** 32;
  const high = Math.floor(seed / 2 ** 32); // at most 2^21 − 1: seeds are safe integers
  return (low ^ mix32(high)) | 0;
}

/** murmur3's 32-bit finaliser: a bijection on 32-bit integers that maps 0 to 0 and spreads every bit. */
function mix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
