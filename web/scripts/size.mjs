// Measures what the first page loads: the scripts and styles index.html
// names (and the modules they preload), compressed as a CDN serves them.
// Fails the build above the budget of 150 KB (gzip, JS + CSS).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
const budget = 150 * 1024;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const refs = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
let raw = 0;
let gz = 0;
let br = 0;
for (const f of new Set(refs)) {
  const b = readFileSync(join(dist, f));
  raw += b.length;
  gz += gzipSync(b, { level: 9 }).length;
  br += brotliCompressSync(b).length;
  console.log(`  ${f}: ${(b.length / 1024).toFixed(1)} KB, ${(gzipSync(b, { level: 9 }).length / 1024).toFixed(1)} KB gzip`);
}
console.log(`first page (JS + CSS): ${(raw / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzip, ${(br / 1024).toFixed(1)} KB brotli (budget ${budget / 1024} KB gzip)`);
if (gz > budget) {
  console.error('over budget');
  process.exit(1);
}
