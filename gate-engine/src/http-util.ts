// Small HTTP utilities: bounded JSON bodies and JSON responses.
import type { IncomingMessage, ServerResponse } from "node:http";
import { GateEngineError } from "./model.ts";

/** Reads the request body as JSON, refusing bodies over `limitBytes` with 413. */
export function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > limitBytes) {
      reject(new GateEngineError(`request body exceeds ${limitBytes} bytes`, 413));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        req.removeAllListeners("data");
        reject(new GateEngineError(`request body exceeds ${limitBytes} bytes`, 413));
        return;
      }
      chunks.push(chunk);
    });
    req.on("error", reject);
    req.on("end", () => {
      if (size > limitBytes) return;
      const text = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString("utf8");
      if (text.trim() === "") return reject(new GateEngineError("request body must be a JSON object"));
      try {
        const value: unknown = JSON.parse(text);
        if (typeof value !== "object" || value === null || Array.isArray(value)) {
          reject(new GateEngineError("request body must be a JSON object"));
        } else resolve(value);
      } catch (err) {
        reject(new GateEngineError(`request body is not valid JSON: ${(err as Error).message}`));
      }
    });
  });
}

export function sendJson(res: ServerResponse, status: number, value: unknown, close = false): void {
  const body = JSON.stringify(value);
  const headers: Record<string, string | number> = { "content-type": "application/json", "content-length": Buffer.byteLength(body) };
  if (close) headers.connection = "close";
  res.writeHead(status, headers);
  res.end(body);
}

export function sendError(res: ServerResponse, err: unknown): number {
  const known = err instanceof GateEngineError;
  const status = known ? err.status : 500;
  // A body that is too large is not read to its end, so the connection cannot be reused.
  sendJson(res, status, { error: known ? err.message : "internal error" }, status === 413);
  return status;
}
