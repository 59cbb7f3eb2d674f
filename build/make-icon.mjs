// Draws build/icon.png (512×512): a white water drop on the Ventanilla blue. Run: node build/make-icon.mjs
import fs from 'node:fs';
import zlib from 'node:zlib';

const size = 512;
const rows = [];
for (let y = 0; y < size; y++) {
  const row = Buffer.alloc(1 + size * 4);
  for (let x = 0; x < size; x++) {
    const r = 96; // corner radius
    const cx = Math.min(Math.max(x, r), size - r), cy = Math.min(Math.max(y, r), size - r);
    const inside = (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
    // drop: circle at (256, 300) r 120 plus a triangle up to (256, 96)
    const inCircle = (x - 256) ** 2 + (y - 300) ** 2 <= 120 ** 2;
    const t = (300 - y) / (300 - 96);
    const inTip = y >= 96 && y <= 300 && Math.abs(x - 256) <= 120 * (1 - t) * 0.98;
    const drop = inCircle || inTip;
    const [R, G, B, A] = !inside ? [0, 0, 0, 0] : drop ? [255, 255, 255, 255] : [25, 113, 194, 255];
    row.set([R, G, B, A], 1 + x * 4);
  }
  rows.push(row);
}
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(crc(body));
  return Buffer.concat([len, body, sum]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(size, 0);
ihdr.writeUInt32BE(size, 4);
ihdr.set([8, 6, 0, 0, 0], 8);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
  chunk('IEND', Buffer.alloc(0)),
]);
fs.writeFileSync(new URL('./icon.png', import.meta.url), png);
