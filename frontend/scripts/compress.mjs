// Write brotli and gzip copies of the built text assets next to them (dist/assets/*.br, *.gz).
// The API sends the copy a browser accepts (search_service/frontend.py), so nothing is
// compressed per request. Node's own zlib has both codings: no dependency needed.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const ASSETS = new URL("../dist/assets/", import.meta.url).pathname;
const TEXT = /\.(js|css|html|svg|json|txt)$/;

let raw = 0;
let brotli = 0;
for (const name of readdirSync(ASSETS)) {
  if (!TEXT.test(name)) continue;
  const data = readFileSync(join(ASSETS, name));
  const br = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } });
  writeFileSync(join(ASSETS, `${name}.br`), br);
  writeFileSync(join(ASSETS, `${name}.gz`), gzipSync(data, { level: 9 }));
  raw += data.length;
  brotli += br.length;
}
console.log(`compressed assets: ${(raw / 1024).toFixed(0)} KB raw, ${(brotli / 1024).toFixed(0)} KB brotli`);
