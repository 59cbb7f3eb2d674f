/**
 * The web preferences of every window of the app (the main window and the database-password prompt),
 * in a module without Electron's runtime so that tests/unit/window-preferences.test.ts checks them
 * in plain Node; tests/security/electronegativity.mjs cites that test for the windows built with it.
 */
/** Every window of the app: isolated, sandboxed, no Node, only the preload's window.api. */
export function hardenedPreferences(preload: string): Electron.WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    spellcheck: false,
    // a middle click must not open links (electronegativity AUXCLICK_JS_CHECK)
    disableBlinkFeatures: 'Auxclick',
  };
}
