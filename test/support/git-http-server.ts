// A real git server over HTTP for publish tests: node's http server in front of `git http-backend`
// (git's own smart-HTTP CGI program), with Basic authentication. It records the Authorization
// headers it receives and can hold a push open, so a test can kill a publisher mid-push.
import { spawn } from "node:child_process";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface GitHttpServer {
  /** http://127.0.0.1:<port> */
  readonly base: string;
  /** Authorization headers of every request, in order. */
  readonly authorizations: string[];
  /** Requests for git-receive-pack (pushes) wait until this resolves. @default none wait */
  holdPushes(until: Promise<void>): void;
  /** Resolves once a push request has arrived (and is being held, if pushes are held). */
  pushArrived(): Promise<void>;
  close(): Promise<void>;
}

/** Serves the repositories under root, to clients that authenticate as user:password. */
export async function gitHttpServer(root: string, user: string, password: string): Promise<GitHttpServer> {
  const authorizations: string[] = [];
  const expected = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
  let hold: Promise<void> = Promise.resolve();
  let arrived: () => void = () => {};
  const arrival = new Promise<void>((resolve) => (arrived = resolve));

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    authorizations.push(request.headers.authorization ?? "");
    if (request.headers.authorization !== expected) {
      response.writeHead(401, { "WWW-Authenticate": 'Basic realm="git"' }).end();
      return;
    }
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname.endsWith("/git-receive-pack")) {
      arrived();
      await hold;
    }
    const backend = spawn("git", ["http-backend"], {
      env: {
        ...process.env,
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: "1",
        PATH_INFO: url.pathname,
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: request.method ?? "GET",
        CONTENT_TYPE: request.headers["content-type"] ?? "",
        REMOTE_USER: user,
        REMOTE_ADDR: "127.0.0.1",
        ...(request.headers["content-encoding"] ? { HTTP_CONTENT_ENCODING: request.headers["content-encoding"] } : {}),
        ...(request.headers["git-protocol"] ? { GIT_PROTOCOL: String(request.headers["git-protocol"]) } : {}),
      },
    });
    request.pipe(backend.stdin);
    const chunks: Buffer[] = [];
    backend.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    backend.on("close", () => {
      const output = Buffer.concat(chunks);
      const split = output.indexOf("\r\n\r\n");
      const headerText = output.subarray(0, split).toString();
      const headers: Record<string, string> = {};
      let status = 200;
      for (const line of headerText.split("\r\n")) {
        const colon = line.indexOf(":");
        const [name, value] = [line.slice(0, colon), line.slice(colon + 1).trim()];
        if (name.toLowerCase() === "status") status = Number.parseInt(value, 10);
        else headers[name] = value;
      }
      response.writeHead(status, headers).end(output.subarray(split + 4));
    });
  };
  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    authorizations,
    holdPushes: (until) => (hold = until),
    pushArrived: () => arrival,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
