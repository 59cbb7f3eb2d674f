/**
 * A PDF shown inside the app: every page drawn on a canvas by PDF.js, with its text laid over it
 * (selectable, and found by search and by the tests), the same in the browser and in the desktop
 * app. It never depends on the browser's own PDF viewer, which Electron's content security policy
 * can leave blank. Use it for every preview of a paper; `PdfPreviewModal` shows one in a modal with
 * Descargar.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, Box, Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { IconDownload } from '@tabler/icons-react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import type { DocumentFile } from '../../../shared/contract';
import { useT } from '../i18n';
import { downloadDocument } from './download';
import './pdf-preview.css';

/** PDF.js, loaded the first time a preview is shown (its own chunk: the counter's screens start without it) */
let loading: Promise<typeof import('pdfjs-dist')> | null = null;
function pdfjs(): Promise<typeof import('pdfjs-dist')> {
  loading ??= import('pdfjs-dist').then((lib) => {
    lib.GlobalWorkerOptions.workerSrc = workerUrl;
    return lib;
  });
  return loading;
}

/** pages drawn at most (a preview is a letter or a report, not a batch) */
const MAX_PAGES = 30;

function bytesOf(file: DocumentFile): Uint8Array {
  return Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
}

/** Opens the PDF with the options that suit the app's content security policy (no eval, no WebAssembly). */
async function openPdf(data: Uint8Array) {
  const { getDocument } = await pdfjs();
  return getDocument({
    data,
    isEvalSupported: false,
    useWasm: false,
    enableXfa: false,
    standardFontDataUrl: new URL('pdfjs/standard_fonts/', document.baseURI).href,
  });
}

export interface PdfPreviewProps {
  file: DocumentFile | null;
  /** what the preview shows, for screen readers ("Vista previa de la carta") */
  label: string;
  /** height of the scrolling box; pages take its width */
  height?: number | string;
}

export function PdfPreview({ file, label, height = 640 }: PdfPreviewProps) {
  const t = useT();
  const { ref: sizer, width } = useElementSize();
  const pagesBox = useRef<HTMLDivElement>(null);
  const [doc, setDoc] = useState<PDFDocumentProxy | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [drawn, setDrawn] = useState(0);

  // open the document whenever the file changes
  useEffect(() => {
    if (!file) return;
    let live = true;
    let settled = false;
    const task = openPdf(bytesOf(file));
    task.then((loadingTask) => loadingTask.promise).then(
      (opened) => {
        settled = true;
        if (live) {
          setDoc(opened);
          setError(null);
        } else void opened.destroy();
      },
      (e: unknown) => {
        settled = true;
        if (live) setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      live = false;
      // an opened document is destroyed when the next one replaces it (below), not here
      if (!settled) void task.then((loadingTask) => loadingTask.destroy());
    };
  }, [file]);

  // draw its pages at the box's width (again when the width changes)
  useEffect(() => {
    const box = pagesBox.current;
    if (!doc || !box || width < 50) return;
    let cancelled = false;
    const drawAll = async () => {
      const { TextLayer } = await pdfjs();
      const count = Math.min(doc.numPages, MAX_PAGES);
      const pages: HTMLDivElement[] = [];
      for (let n = 1; n <= count; n++) {
        const page = await doc.getPage(n);
        if (cancelled) return;
        const base = page.getViewport({ scale: 1 });
        const viewport = page.getViewport({ scale: (width - 2) / base.width });
        const ratio = window.devicePixelRatio || 1;
        const holder = document.createElement('div');
        holder.className = 'pdf-preview-page';
        holder.style.width = `${Math.floor(viewport.width)}px`;
        holder.style.height = `${Math.floor(viewport.height)}px`;
        holder.style.setProperty('--total-scale-factor', String(viewport.scale));
        const canvas = document.createElement('canvas');
        canvas.width = Math.floor(viewport.width * ratio);
        canvas.height = Math.floor(viewport.height * ratio);
        canvas.setAttribute('role', 'img');
        canvas.setAttribute('aria-label', t('pdf.page', { page: n, pages: doc.numPages }));
        holder.appendChild(canvas);
        const text = document.createElement('div');
        text.className = 'textLayer';
        holder.appendChild(text);
        pages.push(holder);
        await page.render({ canvas, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] }).promise;
        await new TextLayer({ textContentSource: page.streamTextContent(), container: text, viewport }).render();
        if (cancelled) return;
        holder.dataset.rendered = 'true';
      }
      box.replaceChildren(...pages);
      setDrawn(count);
    };
    drawAll().catch((e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
    };
  }, [doc, width, t]);

  useEffect(() => () => void doc?.destroy(), [doc]);

  return (
    <Box ref={sizer} w="100%">
      {error ? (
        <Alert color="red" title={t('pdf.failed')}>
          {error}
        </Alert>
      ) : (
        <Box
          className="pdf-preview"
          role="document"
          aria-label={label}
          aria-busy={drawn === 0}
          data-testid="pdf-preview"
          data-pages={drawn}
          style={{ height, overflowY: 'auto' }}
        >
          {drawn === 0 && (
            <Group justify="center" p="xl">
              <Loader size="sm" />
              <Text size="sm" c="dimmed">
                {t('pdf.loading')}
              </Text>
            </Group>
          )}
          <div ref={pagesBox} />
          {doc && doc.numPages > MAX_PAGES && drawn > 0 && (
            <Text size="sm" c="dimmed" p="xs">
              {t('pdf.more', { shown: MAX_PAGES, pages: doc.numPages })}
            </Text>
          )}
        </Box>
      )}
    </Box>
  );
}

/** A paper in a modal: the preview and Descargar. */
export function PdfPreviewModal({ file, title, onClose }: { file: DocumentFile | null; title: string; onClose: () => void }) {
  const t = useT();
  return (
    <Modal opened={file !== null} onClose={onClose} title={title} size="min(1000px, 92vw)" centered>
      <Stack>
        <PdfPreview file={file} label={title} height="calc(100vh - 220px)" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.close')}
          </Button>
          {file && (
            <Button leftSection={<IconDownload size={16} />} onClick={() => downloadDocument(file)}>
              {t('pdf.download')}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
