// Text decoding shared by the byte and bit readers (replay-format.md §1): positive lengths are
// Windows-1252 with a trailing NUL, negative lengths UTF-16LE with a trailing 2-byte NUL.

// Windows-1252 code points for bytes 0x80..0x9F (the only range where it differs from Latin-1).
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

/** Decode Windows-1252 bytes [start, end), dropping trailing NULs. */
export function decodeWindows1252(bytes: Uint8Array, start: number, end: number): string {
  while (end > start && bytes[end - 1] === 0) end--;
  let out = '';
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    out += String.fromCharCode(b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : b);
  }
  return out;
}

/** Decode UTF-16LE bytes [start, end), dropping trailing NUL code units. */
export function decodeUtf16le(bytes: Uint8Array, start: number, end: number): string {
  if ((end - start) & 1) end--;
  while (end - 2 >= start && bytes[end - 1] === 0 && bytes[end - 2] === 0) end -= 2;
  let out = '';
  for (let i = start; i < end; i += 2) out += String.fromCharCode(bytes[i]! | (bytes[i + 1]! << 8));
  return out;
}
