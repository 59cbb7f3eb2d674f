/**
 * The thread that draws a batch's invoices (never the Electron main thread, which answers the
 * window). It owns one open PDF at a time, streamed to its file: the main thread opens a file,
 * sends the invoices in slices (each answered with `drawn`), and closes it (answered with `closed`
 * once the bytes are on disk). The main thread cancels by terminating the thread.
 *
 * Built app: electron-vite bundles this file as its own entry `out/main/invoice-batch-worker.js`
 * (see batch.ts, `startRenderWorker`). Tests, CLI and `npm run web` load the TypeScript through tsx.
 */
import fs from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { InvoiceWriter, newInvoiceDocument, type InvoiceIssuer, type InvoicePaper, type InvoicePaperSize } from '../../documents/invoice';

export type ToWorker =
  | { type: 'open'; file: string; title: string; issuer: InvoiceIssuer; paper: InvoicePaperSize }
  | { type: 'draw'; invoices: InvoicePaper[] }
  | { type: 'close' };

export type FromWorker =
  | { type: 'drawn'; pages: number }
  /**
   * `maxRssKb`: the process's peak resident memory so far (process.resourceUsage().maxRSS);
   * `maxHeapBytes` / `maxHeapTotalBytes`: this thread's largest JS heap in use / reserved after a
   * slice or a file's end (the benches' figures)
   */
  | { type: 'closed'; bytes: number; maxRssKb: number; maxHeapBytes: number; maxHeapTotalBytes: number }
  | { type: 'error'; message: string };

interface OpenFile {
  doc: PDFKit.PDFDocument;
  writer: InvoiceWriter;
  finished: Promise<void>;
  file: string;
  /** pages of the page tree whose dictionary was already released (releaseWrittenPages) */
  released: number;
}

/** the part of a pdfkit page reference this file touches: `offset` is set once it is written */
interface PageReference {
  id: number;
  gen: number;
  offset?: number;
}

/**
 * pdfkit keeps every written page's reference, and through its dictionary the page's resources and
 * content objects, in the page tree until the document ends: ~1.2 KB a page (measured: the batch's
 * peak 258 MB at 10,000 invoices, 281 MB at 30,000). Writing the tree at the end needs only each
 * page's object number (`toString()`: "id gen R"), so a page already written is replaced by a bare
 * reference with its number and nothing else (the full one also holds its document, an empty buffer
 * array and its sizes: ~150 bytes a page, 9 MB at 60,000). Returns how many pages of the tree are
 * released now.
 */
function releaseWrittenPages(doc: PDFKit.PDFDocument, from: number): number {
  const kids = (doc as unknown as { _root: { data: { Pages: { data: { Kids: PageReference[] } } } } })._root.data.Pages.data.Kids;
  let i = from;
  for (; i < kids.length && kids[i].offset !== undefined; i++) kids[i] = bareReference(kids[i]);
  return i;
}

/** A written page's reference reduced to what the page tree prints: same prototype (pdfkit's `instanceof` and `toString`), its number. */
function bareReference(ref: PageReference): PageReference {
  const bare = Object.create(Object.getPrototypeOf(ref) as object) as PageReference;
  bare.id = ref.id;
  bare.gen = ref.gen;
  bare.offset = ref.offset;
  return bare;
}

let current: OpenFile | null = null;
let maxHeapBytes = 0;
let maxHeapTotalBytes = 0;

/**
 * Writes the document's bytes to its file synchronously, through one block of 1 MB. pdfkit pushes
 * many small pieces per page and ignores a stream's backpressure: through fs.createWriteStream they
 * piled up in memory (measured: +16 KB a page, 380 MB at 10,000 pages). Each piece is copied into
 * the block at once and not kept: a kept piece outlives the young generation (a 1 MB list held
 * ~300 pages of them, each page's deflated content holding zlib's 16 KB output chunk), and at the
 * end the cross-reference table's one piece per object (180,000 at 60,000 pages) piled up the
 * same way (measured: the drawing thread's RSS +7 MB at the end of 30,000 pages, +18 MB at
 * 60,000; see tests/bench/README.md, session mem23). A worker thread may block on its own writes.
 */
class SyncFileSink {
  private readonly fd: number;
  private readonly block = Buffer.allocUnsafe(1024 * 1024);
  private used = 0;

  constructor(file: string) {
    this.fd = fs.openSync(file, 'w');
  }

  write(chunk: Uint8Array): void {
    if (chunk.length > this.block.length - this.used) {
      this.flush();
      if (chunk.length >= this.block.length) {
        this.writeAll(chunk, chunk.length);
        return;
      }
    }
    this.block.set(chunk, this.used);
    this.used += chunk.length;
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }

  private flush(): void {
    this.writeAll(this.block, this.used);
    this.used = 0;
  }

  private writeAll(bytes: Uint8Array, length: number): void {
    for (let done = 0; done < length; ) done += fs.writeSync(this.fd, bytes, done, length - done);
  }
}

/** the heap after each slice and after the file's end (where pdfkit writes the page tree and the cross-reference table) */
function noteHeap(): void {
  const heap = getHeapStatistics();
  maxHeapBytes = Math.max(maxHeapBytes, heap.used_heap_size);
  maxHeapTotalBytes = Math.max(maxHeapTotalBytes, heap.total_heap_size);
}

function reply(message: FromWorker): void {
  parentPort?.postMessage(message);
}

async function handle(message: ToWorker): Promise<void> {
  if (message.type === 'open') {
    const doc = newInvoiceDocument(message.title);
    const out = new SyncFileSink(message.file);
    const finished = new Promise<void>((resolve, reject) => {
      doc.on('data', (chunk: Uint8Array) => out.write(chunk));
      doc.on('end', () => {
        out.close();
        resolve();
      });
      doc.on('error', reject);
    });
    current = { doc, writer: new InvoiceWriter(doc, message.issuer, message.paper), finished, file: message.file, released: 0 };
    return;
  }
  if (!current) throw new Error('no hay un archivo abierto');
  if (message.type === 'draw') {
    for (const invoice of message.invoices) current.writer.draw(invoice);
    current.released = releaseWrittenPages(current.doc, current.released);
    noteHeap();
    reply({ type: 'drawn', pages: message.invoices.length });
    return;
  }
  const { doc, finished, file } = current;
  current = null;
  doc.end();
  await finished;
  noteHeap();
  reply({ type: 'closed', bytes: fs.statSync(file).size, maxRssKb: process.resourceUsage().maxRSS, maxHeapBytes, maxHeapTotalBytes });
}

// messages are handled one after another, in the order they came
let queue = Promise.resolve();
parentPort?.on('message', (message: ToWorker) => {
  queue = queue.then(() => handle(message)).catch((error: unknown) => reply({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
});
