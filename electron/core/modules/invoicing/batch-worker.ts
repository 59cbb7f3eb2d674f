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
  tree: PageTree;
  finished: Promise<void>;
  file: string;
}

/** the part of a pdfkit reference this file touches: `offset` is set once it is written */
interface Reference {
  id: number;
  gen: number;
  offset?: number;
  data: { Kids?: Reference[]; Count?: number; Parent?: Reference };
  end(): void;
}

/** pages under one node of the page tree: the root keeps one reference per node (240 at 60,000 pages) */
const PAGES_PER_NODE = 250;

/**
 * The page tree in nodes of PAGES_PER_NODE pages, each written once its pages are. pdfkit puts every
 * page under the tree's root and keeps the root's list until the document ends: even reduced to bare
 * references (session mem21), 62 bytes a page, 3.7 MB at 60,000 pages, in the drawing thread's heap
 * (measured with `--expose-gc`, heap used before and after). A PDF's page tree may have intermediate
 * `Pages` nodes (ISO 32000-1, 7.7.3.2): the pages, their order and what they show are the same.
 */
class PageTree {
  private readonly root: Reference;
  private node: Reference | null = null;

  constructor(private readonly doc: PDFKit.PDFDocument) {
    this.root = (doc as unknown as { _root: { data: { Pages: Reference } } })._root.data.Pages;
    doc.on('pageAdded', () => this.adopt());
  }

  /** before the document's end: writes the last page, then its node */
  finish(): void {
    this.doc.flushPages();
    this.endNode();
  }

  /**
   * Moves the page just added (the root's last kid) under the current node. When it is full, the
   * node is written first: addPage has already written the pages before this one.
   */
  private adopt(): void {
    const rootKids = this.root.data.Kids ?? [];
    const page = rootKids.pop();
    if (!page) return;
    if ((this.node?.data.Kids?.length ?? 0) >= PAGES_PER_NODE) this.endNode();
    if (!this.node) {
      this.node = (this.doc as unknown as { ref(data: object): Reference }).ref({ Type: 'Pages', Parent: this.root, Kids: [], Count: 0 });
      rootKids.push(this.node);
    }
    this.node.data.Kids?.push(page);
    this.node.data.Count = (this.node.data.Count ?? 0) + 1;
    page.data.Parent = this.node;
  }

  /** writes the current node and keeps in the root only its number (the node held its pages' dictionaries) */
  private endNode(): void {
    if (!this.node) return;
    this.node.end();
    const rootKids = this.root.data.Kids ?? [];
    rootKids[rootKids.length - 1] = bareReference(this.node);
    this.node = null;
  }
}

/** A written reference reduced to what the page tree prints: same prototype (pdfkit's `instanceof` and `toString`), its number. */
function bareReference(ref: Reference): Reference {
  const bare = Object.create(Object.getPrototypeOf(ref) as object) as Reference;
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
 * same way (measured: RSS +7 MB across the end of 30,000 pages; at 60,000 the batch's peak 201 MB
 * came at the end, 183 MB while drawing; see tests/bench/README.md, session mem23). A worker
 * thread may block on its own writes.
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
    current = { doc, writer: new InvoiceWriter(doc, message.issuer, message.paper), tree: new PageTree(doc), finished, file: message.file };
    return;
  }
  if (!current) throw new Error('no hay un archivo abierto');
  if (message.type === 'draw') {
    for (const invoice of message.invoices) current.writer.draw(invoice);
    noteHeap();
    reply({ type: 'drawn', pages: message.invoices.length });
    return;
  }
  const { doc, tree, finished, file } = current;
  current = null;
  tree.finish();
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
