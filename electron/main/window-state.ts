/**
 * Where the window opens and how big (no Electron here: electron/main/window.ts passes the screens
 * in). The counter PCs are mostly 1366×768 laptops, at 100 % or 125 % scaling: at 125 % Windows
 * gives the window a work area of about 1093×574 "device-independent" pixels. So:
 * - the minimum size is 1024×600, or the work area when that is smaller (a minimum larger than the
 *   screen would push the window's bottom, with its buttons, under the taskbar);
 * - the first time, the window takes 1366×860 centred, or opens maximized when the work area is
 *   smaller than that;
 * - afterwards it opens where it was left (size, position, maximized, zoom), pulled back inside the
 *   work area of the screen it was on; if that screen is gone, as the first time on the main one.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DisplayArea {
  id: number;
  /** the part of the screen windows may use (without the taskbar), in device-independent pixels */
  workArea: Rect;
  scaleFactor: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
  zoomFactor: number;
}

export interface WindowPlacement {
  bounds: Rect;
  minWidth: number;
  minHeight: number;
  maximized: boolean;
  zoomFactor: number;
}

export const PREFERRED_SIZE = { width: 1366, height: 860 };
export const MINIMUM_SIZE = { width: 1024, height: 600 };
/** a window whose title bar shows less than this on a screen is treated as lost */
const TITLE_BAR = { width: 100, height: 30 };

const clamp = (value: number, min: number, max: number) => Math.max(min, Math.min(max, value));

function overlap(a: Rect, b: Rect): Rect | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
}

/** The screen where the saved window's title bar can still be grabbed, or null. */
export function displayShowing(bounds: Rect, displays: readonly DisplayArea[]): DisplayArea | null {
  const titleBar: Rect = { x: bounds.x, y: bounds.y, width: bounds.width, height: TITLE_BAR.height };
  let best: { display: DisplayArea; area: number } | null = null;
  for (const display of displays) {
    const seen = overlap(titleBar, display.workArea);
    if (!seen || seen.width < TITLE_BAR.width || seen.height < TITLE_BAR.height / 2) continue;
    const area = seen.width * seen.height;
    if (!best || area > best.area) best = { display, area };
  }
  return best?.display ?? null;
}

/** Where and how the window opens. */
export function placeWindow(saved: WindowState | null, displays: readonly DisplayArea[], primary: DisplayArea): WindowPlacement {
  const display = saved ? displayShowing(saved.bounds, displays) : null;
  const wa = (display ?? primary).workArea;
  const minWidth = Math.min(MINIMUM_SIZE.width, wa.width);
  const minHeight = Math.min(MINIMUM_SIZE.height, wa.height);
  const zoomFactor = saved && Number.isFinite(saved.zoomFactor) ? clamp(saved.zoomFactor, 0.5, 2) : 1;
  if (saved && display) {
    const width = clamp(Math.round(saved.bounds.width), minWidth, wa.width);
    const height = clamp(Math.round(saved.bounds.height), minHeight, wa.height);
    return {
      bounds: {
        x: clamp(Math.round(saved.bounds.x), wa.x, wa.x + wa.width - width),
        y: clamp(Math.round(saved.bounds.y), wa.y, wa.y + wa.height - height),
        width,
        height,
      },
      minWidth,
      minHeight,
      maximized: saved.maximized,
      zoomFactor,
    };
  }
  const width = Math.min(PREFERRED_SIZE.width, wa.width);
  const height = Math.min(PREFERRED_SIZE.height, wa.height);
  return {
    bounds: { x: wa.x + Math.floor((wa.width - width) / 2), y: wa.y + Math.floor((wa.height - height) / 2), width, height },
    minWidth,
    minHeight,
    // a screen that cannot hold the preferred size gets all of it
    maximized: wa.width < PREFERRED_SIZE.width || wa.height < PREFERRED_SIZE.height,
    zoomFactor,
  };
}

const isRect = (r: unknown): r is Rect =>
  typeof r === 'object' && r !== null && ['x', 'y', 'width', 'height'].every((k) => Number.isFinite((r as Record<string, unknown>)[k]));

/** The saved state, or null when there is none or it is not readable (the window then opens as the first time). */
export function readWindowState(file: string): WindowState | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<WindowState>;
    if (!isRect(parsed.bounds) || parsed.bounds.width <= 0 || parsed.bounds.height <= 0) return null;
    return { bounds: parsed.bounds, maximized: parsed.maximized === true, zoomFactor: Number.isFinite(parsed.zoomFactor) ? Number(parsed.zoomFactor) : 1 };
  } catch {
    return null;
  }
}

export function writeWindowState(file: string, state: WindowState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(state));
  fs.renameSync(temporary, file);
}
