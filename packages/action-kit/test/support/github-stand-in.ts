import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the stand-in received. */
export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
  body?: unknown;
}

/** A stored issue comment. */
export interface StoredComment {
  id: number;
  issue: number;
  body: string;
}

/** A GitHub REST API stand-in on 127.0.0.1 serving the issue comment endpoints. */
export interface GitHubStandIn {
  url: string;
  requests: RecordedRequest[];
  comments: StoredComment[];
  /** When true, writes answer 403 as they do for a fork pull request's read-only token. */
  forbidWrites: boolean;
  close(): Promise<void>;
}

/** Starts the stand-in on an ephemeral loopback port. */
export async function startGitHubStandIn(): Promise<GitHubStandIn> {
  let nextId = 1000;
  const state: Omit<GitHubStandIn, 'url' | 'close'> = {
    requests: [],
    comments: [],
    forbidWrites: false,
  };

  const server: Server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = raw ? (JSON.parse(raw) as unknown) : undefined;
      state.requests.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        authorization: req.headers.authorization,
        body,
      });
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(payload));
      };
      const forbidden = () =>
        send(403, {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest',
        });

      const list = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(url.pathname);
      const edit = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(url.pathname);
      if (list && req.method === 'GET') {
        const issue = Number(list[1]);
        return send(
          200,
          state.comments.filter((c) => c.issue === issue).map((c) => ({ id: c.id, body: c.body })),
        );
      }
      if (list && req.method === 'POST') {
        if (state.forbidWrites) return forbidden();
        const comment = {
          id: nextId++,
          issue: Number(list[1]),
          body: String((body as { body?: string }).body),
        };
        state.comments.push(comment);
        return send(201, { id: comment.id, body: comment.body });
      }
      if (edit && req.method === 'PATCH') {
        if (state.forbidWrites) return forbidden();
        const comment = state.comments.find((c) => c.id === Number(edit[1]));
        if (!comment) return send(404, { message: 'Not Found' });
        comment.body = String((body as { body?: string }).body);
        return send(200, { id: comment.id, body: comment.body });
      }
      send(404, { message: 'Not Found' });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a GITHUB_OUTPUT file (`name<<delimiter` blocks and `name=value` lines). */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i]!);
      out[name!] = value.join('\n');
    } else if (line.includes('=')) {
      const at = line.indexOf('=');
      out[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return out;
}
