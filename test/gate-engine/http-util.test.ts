// Request bodies read from a stream stand-in for IncomingMessage: chunking, limits, stream errors and JSON checks.
import type { IncomingMessage } from "node:http";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { parseJsonObject, readBody, readJsonBody } from "../../gate-engine/src/http-util.ts";
import { GateEngineError } from "../../gate-engine/src/model.ts";

function request(headers: Record<string, string> = {}): PassThrough & IncomingMessage {
  return Object.assign(new PassThrough(), { headers }) as unknown as PassThrough & IncomingMessage;
}

function read(req: IncomingMessage, limit: number): Promise<{ err: Error | undefined; text: string; calls: number }> {
  return new Promise((resolve) => {
    let calls = 0;
    readBody(req, limit, (err, text) => {
      calls += 1;
      // Let any late event reach the callback before answering, to show that it is called once.
      setTimeout(() => resolve({ err, text, calls }), 20);
    });
  });
}

describe("readBody", () => {
  it("joins a body split across chunks, including a UTF-8 character cut in two", async () => {
    const req = request();
    const pending = read(req, 100);
    const bytes = Buffer.from('{"name":"é"}');
    req.write(bytes.subarray(0, 10));
    req.end(bytes.subarray(10));
    expect(await pending).toEqual({ err: undefined, text: '{"name":"é"}', calls: 1 });
  });

  it("reads an empty body as empty text", async () => {
    const req = request();
    const pending = read(req, 100);
    req.end();
    expect(await pending).toEqual({ err: undefined, text: "", calls: 1 });
  });

  it("refuses a declared length over the limit before reading anything", async () => {
    const { err, calls } = await read(request({ "content-length": "101" }), 100);
    expect(err).toBeInstanceOf(GateEngineError);
    expect((err as GateEngineError).status).toBe(413);
    expect(calls).toBe(1);
  });

  it("refuses a body that grows past the limit, once, whatever follows", async () => {
    const req = request();
    const pending = read(req, 10);
    req.write("x".repeat(8));
    req.write("x".repeat(8));
    req.end("x");
    const { err, calls } = await pending;
    expect(err?.message).toBe("request body exceeds 10 bytes");
    expect(calls).toBe(1);
  });

  it("passes on a stream error, once", async () => {
    const req = request();
    const pending = read(req, 100);
    req.write("{");
    req.destroy(new Error("aborted"));
    const { err, calls } = await pending;
    expect(err?.message).toBe("aborted");
    expect(calls).toBe(1);
  });
});

describe("parseJsonObject", () => {
  it("returns a JSON object", () => {
    expect(parseJsonObject('{"inputs":[1,0]}')).toEqual({ inputs: [1, 0] });
  });

  it.each([
    ["", "request body must be a JSON object"],
    ["  \n", "request body must be a JSON object"],
    ["[1,0]", "request body must be a JSON object"],
    ["null", "request body must be a JSON object"],
    ["7", "request body must be a JSON object"],
    ["{not json", "request body is not valid JSON"],
  ])("refuses %j with 400: %s", (text, message) => {
    let thrown: unknown;
    try {
      parseJsonObject(text);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(GateEngineError);
    expect((thrown as GateEngineError).status).toBe(400);
    expect((thrown as Error).message).toContain(message);
  });
});

describe("readJsonBody", () => {
  it("resolves with the parsed object and rejects with the reading or parsing error", async () => {
    const good = request();
    const parsed = readJsonBody(good, 100);
    good.end('{"a":1}');
    expect(await parsed).toEqual({ a: 1 });
    const bad = request();
    const refused = readJsonBody(bad, 100);
    bad.end("[]");
    await expect(refused).rejects.toThrow("request body must be a JSON object");
    await expect(readJsonBody(request({ "content-length": "500" }), 100)).rejects.toThrow("request body exceeds 100 bytes");
  });
});
