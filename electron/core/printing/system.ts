import type { PrintAdapter } from './adapter';
import { cupsAdapter } from './cups';
import { windowsAdapter } from './windows';

/** The print adapter of the machine the back office runs on: Windows, or CUPS (Linux and macOS). */
export function systemPrintAdapter(platform: NodeJS.Platform = process.platform): PrintAdapter {
  return platform === 'win32' ? windowsAdapter() : cupsAdapter();
}
