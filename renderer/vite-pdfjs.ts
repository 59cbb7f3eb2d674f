/**
 * PDF.js's standard fonts (the Foxit and Liberation files for PDFs that name Helvetica, Times…
 * without embedding them, as pdfkit's do) served beside the renderer at pdfjs/standard_fonts/:
 * copied into the build, and answered by the dev server. Used by both renderer builds (the desktop
 * app's electron.vite.config.ts and the web door's vite.web.config.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

export const STANDARD_FONTS_PATH = 'pdfjs/standard_fonts/';

export function pdfjsStandardFonts(): Plugin {
  const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts');
  const fonts = () => fs.readdirSync(dir).filter((name) => /\.(pfb|ttf)$/.test(name));
  return {
    name: 'ventanilla-pdfjs-standard-fonts',
    configureServer(server) {
      server.middlewares.use(`/${STANDARD_FONTS_PATH}`, (req, res, next) => {
        const name = path.basename((req.url ?? '').split('?')[0]);
        if (!fonts().includes(name)) return next();
        res.setHeader('content-type', 'application/octet-stream');
        fs.createReadStream(path.join(dir, name)).pipe(res);
      });
    },
    generateBundle() {
      for (const name of fonts()) this.emitFile({ type: 'asset', fileName: `${STANDARD_FONTS_PATH}${name}`, source: fs.readFileSync(path.join(dir, name)) });
    },
  };
}
