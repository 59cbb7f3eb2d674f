/** The admin door: `npm run cli -- <command>`. See `npm run cli -- --help`. */
import { runCli } from './run';

process.exitCode = await runCli(process.argv.slice(2));
