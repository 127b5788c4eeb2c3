// Small HTTP utilities: bounded request bodies, JSON parsing with client-facing errors, and JSON responses.
// Callbacks rather than promises: /compute runs these on every request, and a promise per body was measurable.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { GateEngineError, MethodNotAllowedError } from "./model.ts";

const tooLarge = (limitBytes: number) => new GateEngineError(`request body exceeds ${limitBytes} bytes`, 413);

/** Reads the request body as UTF-8 text, refusing bodies over `limitBytes` with 413; `done` is called once. */
export function readBody(req: IncomingMessage, limitBytes: number, done: (err: Error | undefined, text: string) => void): void {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limitBytes) return done(tooLarge(limitBytes), "");
  let first: Buffer | undefined;
  let more: Buffer[] | undefined;
  let size = 0;
  let finished = false;
  const finish = (err: Error | undefined, text: string) => {
    if (finished) return;
    finished = true;
    done(err, text);
  };
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > limitBytes) {
      req.removeAllListeners("data");
      return finish(tooLarge(limitBytes), "");
    }
    if (first === undefined) first = chunk;
    else (more ??= [first]).push(chunk);
  });
  req.on("error", (err) => finish(err, ""));
  req.on("end", () => finish(undefined, more ? Buffer.concat(more).toString("utf8") : (first?.toString("utf8") ?? "")));
}

/** Parses a request body that must be one JSON object. */
export function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    if (text.trim() === "") throw new GateEngineError("request body must be a JSON object");
    throw new GateEngineError(`request body is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new GateEngineError("request body must be a JSON object");
  return value as Record<string, unknown>;
}

/** Reads and parses a JSON object body (see readBody and parseJsonObject). */
export function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    readBody(req, limitBytes, (err, text) => {
      if (err) return reject(err);
      try {
        resolve(parseJsonObject(text));
      } catch (parseErr) {
        reject(parseErr instanceof Error ? parseErr : new Error(String(parseErr)));
      }
    });
  });
}

/** A 200 answer made once and sent many times: its JSON text and its headers (with the length) ready for writeHead. */
export interface PreparedJson {
  body: string;
  headers: string[];
}

export function prepareJson(body: string): PreparedJson {
  return { body, headers: ["content-type", "application/json", "content-length", String(Buffer.byteLength(body))] };
}

export function sendPreparedJson(res: ServerResponse, answer: PreparedJson): void {
  res.writeHead(200, answer.headers);
  res.end(answer.body);
}

/** Answers with `body`, already JSON text. */
export function sendJsonText(res: ServerResponse, status: number, body: string, close = false, extra: string[] = []): void {
  const headers = ["content-type", "application/json", "content-length", String(Buffer.byteLength(body)), ...extra];
  if (close) headers.push("connection", "close");
  res.writeHead(status, headers);
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, close = false, extra: string[] = []): void {
  sendJsonText(res, status, JSON.stringify(value), close, extra);
}

export function sendError(res: ServerResponse, err: unknown): number {
  const known = err instanceof GateEngineError;
  const status = known ? err.status : 500;
  // A body that is too large is not read to its end, so the connection cannot be reused.
  const extra = err instanceof MethodNotAllowedError ? ["allow", err.allow] : [];
  sendJson(res, status, { error: known ? err.message : "internal error" }, status === 413, extra);
  return status;
}

/** Status of an error the HTTP parser raised before a request existed (a malformed request line or headers). */
function parserStatus(err: NodeJS.ErrnoException): number {
  if (err.code === "HPE_HEADER_OVERFLOW") return 431;
  if (err.code === "ERR_HTTP_REQUEST_TIMEOUT") return 408;
  return 400;
}

/** Answers errors of the HTTP parser as JSON like every other error, then closes the connection. */
export function answerParserError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === "ECONNRESET" || !socket.writable) return void socket.destroy();
  const status = parserStatus(err);
  const body = JSON.stringify({ error: status === 408 ? "request not received in time" : `malformed HTTP request (${err.code ?? "parse error"})` });
  const reason = status === 431 ? "Request Header Fields Too Large" : status === 408 ? "Request Timeout" : "Bad Request";
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
