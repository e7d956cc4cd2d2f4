import type { Server, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';

/**
 * Stopping an API process without dropping requests: readiness turns 503 so load balancers
 * drain it, the listener closes (new connections are refused), requests in flight finish, and
 * keep-alive connections are closed as soon as they are idle instead of holding the process
 * open. Requests still running at the deadline are cut off.
 */
export class GracefulShutdown {
  stopping = false;
  private readonly inFlight = new Set<ServerResponse>();

  constructor(private readonly deadlineMs = 10_000) {}

  /** GET /readyz middleware: 503 "shutting-down" once stopping, else on to the real check. */
  readiness: RequestHandler = (_req, res, next) => {
    if (!this.stopping) return next();
    res.status(503).json({ status: 'shutting-down', reason: 'this API process is stopping' });
  };

  /** Follows a server's requests, so that stopping can end their keep-alive connections. */
  watch(server: Server): Server {
    // First listener: runs before the app answers, while headers can still be set.
    server.prependListener('request', (_req, res: ServerResponse) => {
      if (this.stopping) res.setHeader('Connection', 'close');
      this.inFlight.add(res);
      res.once('close', () => {
        this.inFlight.delete(res);
        // A response already under way at the stop kept its keep-alive: end the connection now.
        if (this.stopping) server.closeIdleConnections();
      });
    });
    return server;
  }

  /** Stops `server` (watched first); true when the deadline had to cut requests off. */
  async stop(server: Server): Promise<boolean> {
    this.stopping = true;
    // Node keeps a keep-alive connection open after its last response even once the server is
    // closing: "Connection: close" ends it after the response that is still to come.
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    let forced = false;
    const deadline = setTimeout(() => {
      forced = true;
      server.closeAllConnections();
    }, this.deadlineMs);
    await closed;
    clearTimeout(deadline);
    return forced;
  }
}
