/**
 * A TCP proxy that delays every piece of data by a fixed time in each direction: the network between
 * an office and a PostgreSQL server shared by every office (issue 20), which this machine's loopback
 * does not have. The kernel's own way (`tc qdisc … netem delay`) is not available in this virtual
 * machine ("Specified qdisc kind is unknown"), hence this file.
 *
 *   npx tsx tests/bench/latency-proxy.ts --listen 55600 --to 127.0.0.1:55500 --delay 1
 *   (then e.g. payment-bench.ts --pg postgres://postgres@127.0.0.1:55600/postgres: a round trip costs 2 × delay more)
 *
 * Order is kept: every piece waits the same time, and Node's timers of one duration fire in the order
 * they were set. Node's timers count whole milliseconds, so `--delay` is too.
 */
import net from 'node:net';
import { numberOption, stringOption } from './standalone';

const listen = numberOption('listen', 55600);
const [host, port] = (stringOption('to') ?? '127.0.0.1:5432').split(':');
const delay = Math.max(1, Math.round(numberOption('delay', 1)));

function forward(from: net.Socket, to: net.Socket): void {
  from.on('data', (chunk) => setTimeout(() => to.write(chunk), delay));
  // the end and errors follow the data that was already on its way
  from.on('end', () => setTimeout(() => to.end(), delay));
  from.on('error', () => setTimeout(() => to.destroy(), delay));
}

net
  .createServer((client) => {
    client.setNoDelay(true);
    const server = net.connect(Number(port), host, () => server.setNoDelay(true));
    forward(client, server);
    forward(server, client);
  })
  .listen(listen, '127.0.0.1', () => console.log(`127.0.0.1:${listen} → ${host}:${port}, ${delay} ms en cada sentido`));
