/**
 * Prints a port base whose `count` consecutive ports on 127.0.0.1 are free right now, for an e2e run
 * started without E2E_PORT_BASE (tests/e2e/story.ts): two suites on one machine then never pick the
 * same doors. Candidates are drawn at random between 20000 and 60000; each port is tried by listening
 * on it and closing it again.
 *   node tests/e2e/free-port-base.mjs 11   →   43817
 */
import net from 'node:net';

const count = Number(process.argv[2] ?? 11);

function free(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

for (let attempt = 0; attempt < 200; attempt++) {
  const base = 20_000 + Math.floor(Math.random() * (40_000 - count));
  let all = true;
  for (let port = base; port < base + count && all; port++) all = await free(port);
  if (all) {
    process.stdout.write(String(base));
    process.exit(0);
  }
}
process.stderr.write(`No se encontraron ${count} puertos libres seguidos en 127.0.0.1: defina E2E_PORT_BASE.\n`);
process.exit(1);
