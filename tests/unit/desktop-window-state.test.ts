/**
 * The window fits the screen (issue 21, item 5). The work areas below are Windows' own, in
 * device-independent pixels: a 1366×768 laptop with a 40 px taskbar gives 1366×728 at 100 %; at
 * 125 % the screen is 1366/1.25 × 768/1.25 = 1092.8 × 614.4 and the taskbar 40, so 1093×574.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MINIMUM_SIZE, placeWindow, readWindowState, writeWindowState, type DisplayArea, type Rect } from '../../electron/main/window-state';
import { tempDir } from '../helpers/backoffice';

const at100: DisplayArea = { id: 1, workArea: { x: 0, y: 0, width: 1366, height: 728 }, scaleFactor: 1 };
const at125: DisplayArea = { id: 1, workArea: { x: 0, y: 0, width: 1093, height: 574 }, scaleFactor: 1.25 };
const fullHd: DisplayArea = { id: 2, workArea: { x: 0, y: 0, width: 1920, height: 1040 }, scaleFactor: 1 };
const inside = (bounds: Rect, area: Rect) =>
  bounds.x >= area.x && bounds.y >= area.y && bounds.x + bounds.width <= area.x + area.width && bounds.y + bounds.height <= area.y + area.height;

describe('the first time', () => {
  it('on a 1366×768 laptop at 100 %: inside the work area, maximized, minimum 1024×600', () => {
    const placed = placeWindow(null, [at100], at100);
    expect(inside(placed.bounds, at100.workArea)).toBe(true);
    expect(placed).toMatchObject({ maximized: true, minWidth: 1024, minHeight: 600, zoomFactor: 1 });
  });

  it('on the same laptop at 125 %: the minimum shrinks to the work area so the bottom stays above the taskbar', () => {
    const placed = placeWindow(null, [at125], at125);
    expect(placed.bounds).toEqual({ x: 0, y: 0, width: 1093, height: 574 });
    expect(placed).toMatchObject({ maximized: true, minWidth: 1024, minHeight: 574 });
    expect(placed.minHeight).toBeLessThanOrEqual(MINIMUM_SIZE.height);
  });

  it('on a large screen: 1366×860, centred, not maximized', () => {
    const placed = placeWindow(null, [fullHd], fullHd);
    // (1920 − 1366) / 2 = 277; (1040 − 860) / 2 = 90
    expect(placed.bounds).toEqual({ x: 277, y: 90, width: 1366, height: 860 });
    expect(placed.maximized).toBe(false);
  });
});

describe('afterwards, where it was left', () => {
  it('the same size and place, maximized or not, and the zoom', () => {
    const saved = { bounds: { x: 100, y: 50, width: 1200, height: 700 }, maximized: false, zoomFactor: 0.9 };
    expect(placeWindow(saved, [fullHd], fullHd)).toEqual({ bounds: saved.bounds, minWidth: 1024, minHeight: 600, maximized: false, zoomFactor: 0.9 });
  });

  it('a window saved on a large screen opens on the laptop inside its work area', () => {
    const saved = { bounds: { x: 300, y: 100, width: 1366, height: 860 }, maximized: false, zoomFactor: 1 };
    const placed = placeWindow(saved, [at125], at125);
    expect(inside(placed.bounds, at125.workArea)).toBe(true);
    expect(placed.bounds).toEqual({ x: 0, y: 0, width: 1093, height: 574 });
  });

  it('a window left on a second screen that is gone opens on the main one as the first time', () => {
    const second: DisplayArea = { id: 3, workArea: { x: 1920, y: 0, width: 1280, height: 984 }, scaleFactor: 1 };
    const saved = { bounds: { x: 2000, y: 80, width: 1100, height: 700 }, maximized: false, zoomFactor: 1 };
    expect(placeWindow(saved, [fullHd, second], fullHd).bounds).toEqual({ x: 2000, y: 80, width: 1100, height: 700 });
    expect(placeWindow(saved, [fullHd], fullHd).bounds).toEqual({ x: 277, y: 90, width: 1366, height: 860 });
  });

  it('a title bar pushed above the screen or off its edge is pulled back in', () => {
    const saved = { bounds: { x: 1800, y: -200, width: 1200, height: 700 }, maximized: false, zoomFactor: 1 };
    // its title bar is not on any screen: placed as the first time
    expect(placeWindow(saved, [fullHd], fullHd).bounds).toEqual({ x: 277, y: 90, width: 1366, height: 860 });
    const partly = { bounds: { x: 1500, y: 500, width: 1200, height: 700 }, maximized: false, zoomFactor: 3 };
    // x = 1920 − 1200 = 720, y = 1040 − 700 = 340; the zoom is kept between 50 % and 200 %
    expect(placeWindow(partly, [fullHd], fullHd)).toMatchObject({ bounds: { x: 720, y: 340, width: 1200, height: 700 }, zoomFactor: 2 });
  });

  it('the state file survives a round trip, and a broken one is ignored', () => {
    const dir = tempDir();
    try {
      const file = path.join(dir, 'ventana.json');
      expect(readWindowState(file)).toBeNull();
      writeWindowState(file, { bounds: { x: 10, y: 20, width: 1100, height: 650 }, maximized: true, zoomFactor: 1.1 });
      expect(readWindowState(file)).toEqual({ bounds: { x: 10, y: 20, width: 1100, height: 650 }, maximized: true, zoomFactor: 1.1 });
      fs.writeFileSync(file, '{"bounds": {"x": "a"}}');
      expect(readWindowState(file)).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
