// CRC-32 as used by replay files: MSB-first, poly 0x04C11DB7, init ~0xEFCBF201, final xor 0xFFFFFFFF
// (replay-format.md §3). Table-driven, one byte at a time.
const TABLE = /* @__PURE__ */ (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    table[i] = c >>> 0;
  }
  return table;
})();

const INITIAL = 0x10340dfe;

export function replayCrc(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = INITIAL;
  const table = TABLE;
  for (let i = start; i < end; i++) {
    crc = (crc << 8) ^ table[((crc >>> 24) ^ bytes[i]!) & 0xff]!;
  }
  return ~crc >>> 0;
}
