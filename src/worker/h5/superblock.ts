// A file's first bytes, checked before HDF5 sees them: a file that is not HDF5 at all, or one cut short (an
// interrupted download), gets a message that says so. libhdf5 itself only prints a diagnostic stack and fails
// later with "name not defined" on a cut file, which no student can act on.

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

export class H5FormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'H5FormatError';
  }
}

/** Where the superblock starts: 0, or after a user block of 512, 1024, 2048, ... bytes (the HDF5 format spec). */
function signatureAt(bytes: Uint8Array): number {
  for (let at = 0; at + 8 <= bytes.length; at = at === 0 ? 512 : at * 2)
    if (SIGNATURE.every((b, i) => bytes[at + i] === b)) return at;
  return -1;
}

function readAddress(view: DataView, at: number, size: number): number {
  if (size === 8) {
    const low = view.getUint32(at, true);
    const high = view.getUint32(at + 4, true);
    return high === 0xffffffff && low === 0xffffffff ? Number.NaN : high * 2 ** 32 + low;
  }
  if (size === 4) return view.getUint32(at, true);
  if (size === 2) return view.getUint16(at, true);
  throw new H5FormatError(`The HDF5 superblock says addresses are ${size} bytes long, which this reader cannot read.`);
}

/** The end-of-file address the superblock records (the file's size when written), or throws with what is wrong. */
export function checkHdf5Bytes(bytes: Uint8Array, what = 'This file'): { storedEof: number } {
  const start = signatureAt(bytes);
  if (start < 0)
    throw new H5FormatError(
      bytes.length === 0 ? `${what} is empty.` : `${what} is not an HDF5 file (no HDF5 signature in its first bytes).`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = bytes[start + 8];
  // Field offsets from the HDF5 file format specification, superblock versions 0-3.
  let sizeOffsets: number;
  let baseAt: number;
  if (version === 0 || version === 1) {
    sizeOffsets = bytes[start + 13] ?? 0;
    baseAt = start + 24 + (version === 1 ? 4 : 0);
  } else if (version === 2 || version === 3) {
    sizeOffsets = bytes[start + 9] ?? 0;
    baseAt = start + 12;
  } else {
    throw new H5FormatError(`${what} has an HDF5 superblock of version ${version}, which is not one of 0-3.`);
  }
  // Base address, then (v0/1: free-space address | v2/3: superblock extension address), then the end of file.
  const eofAt = baseAt + 2 * sizeOffsets;
  if (eofAt + sizeOffsets > bytes.length) throw truncated(what, bytes.length, Number.NaN);
  const baseAddress = readAddress(view, baseAt, sizeOffsets);
  const storedEof = readAddress(view, eofAt, sizeOffsets) + (Number.isFinite(baseAddress) ? baseAddress : 0);
  if (Number.isFinite(storedEof) && bytes.length < storedEof) throw truncated(what, bytes.length, storedEof);
  return { storedEof };
}

function truncated(what: string, has: number, expected: number): H5FormatError {
  const want = Number.isFinite(expected) ? ` of the ${expected.toLocaleString('en-US')} it was written with` : '';
  return new H5FormatError(
    `${what} is truncated: it has ${has.toLocaleString('en-US')} bytes${want}. Was the download interrupted? Get the file again.`,
  );
}
