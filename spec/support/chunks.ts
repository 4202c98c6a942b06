/**
 * Tiny media files whose content carries a number, as chunks for the realtime fixture app
 * (spec/fixtures/apps/stream_app.py reads the number back).
 */

/** A 1×1 24-bit BMP whose pixel is (n % 256, n / 256, 7). */
export function imageChunk(n: number): Uint8Array {
  const bytes = new Uint8Array(58);
  const view = new DataView(bytes.buffer);
  bytes.set([0x42, 0x4d]); // "BM"
  view.setUint32(2, bytes.length, true);
  view.setUint32(10, 54, true); // pixel data offset
  view.setUint32(14, 40, true); // BITMAPINFOHEADER
  view.setInt32(18, 1, true); // width
  view.setInt32(22, 1, true); // height
  view.setUint16(26, 1, true); // planes
  view.setUint16(28, 24, true); // bits per pixel
  view.setUint32(34, 4, true); // image size (one row, padded to 4 bytes)
  bytes.set([7, Math.floor(n / 256) % 256, n % 256], 54); // stored as B, G, R
  return bytes;
}

/** A mono 16-bit PCM WAV of 160 samples at 16 kHz whose first sample is n. */
export function audioChunk(n: number): Uint8Array {
  const samples = 160;
  const bytes = new Uint8Array(44 + samples * 2);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string) =>
    [...text].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, bytes.length - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, 16_000, true);
  view.setUint32(28, 32_000, true); // byte rate
  view.setUint16(32, 2, true); // block align
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, samples * 2, true);
  view.setInt16(44, n, true);
  return bytes;
}
