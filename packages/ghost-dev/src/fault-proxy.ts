import { createServer, request as httpRequest, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// Test support, like `./vitest-setup`: the ghost and digest-app tests put a faulty network in
// front of the real Ghost through `@kiji/ghost-dev/fault-proxy`.
export type Fault = 'none' | '503' | 'reset' | 'hang' | 'drop-response';

/**
 * A loopback proxy in front of Ghost that injects faults: 503s, connection resets before Ghost
 * sees the request, requests that hang past the client's timeout, and (the nasty one) writes that
 * reach Ghost but whose answer is dropped.
 */
export async function faultyProxy(target: string, fault: (n: number, method: string) => Fault) {
  const upstream = new URL(target);
  const hung: ServerResponse[] = [];
  let n = 0;
  const server: Server = createServer((req, res) => {
    const f = fault(++n, req.method ?? 'GET');
    if (f === '503') {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{"errors":[{"message":"injected 503"}]}');
      return;
    }
    if (f === 'reset') {
      req.socket.destroy();
      return;
    }
    if (f === 'hang') {
      hung.push(res);
      return;
    }
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        if (f === 'drop-response') {
          answer.resume();
          answer.on('end', () => req.socket.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => req.socket.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => n,
    close: async () => {
      for (const r of hung) r.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
