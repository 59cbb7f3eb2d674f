/**
 * Every window of the desktop app is isolated, sandboxed, without Node and without middle-click
 * navigation (issue 12 / issue 21): electronegativity cannot follow the helper into the
 * BrowserWindow calls, so this is what holds those checks.
 */
import { describe, expect, it } from 'vitest';
import { hardenedPreferences } from '../../electron/main/preferences';

describe('the windows’ web preferences', () => {
  it('isolate the page, sandbox it, give it no Node and only the preload', () => {
    expect(hardenedPreferences('/app/preload/index.cjs')).toMatchObject({
      preload: '/app/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      disableBlinkFeatures: 'Auxclick',
    });
  });

  it('never turn on Node in workers or subframes, nor insecure content', () => {
    const prefs = hardenedPreferences('p');
    expect(prefs.nodeIntegrationInWorker ?? false).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames ?? false).toBe(false);
    expect(prefs.allowRunningInsecureContent ?? false).toBe(false);
  });
});
