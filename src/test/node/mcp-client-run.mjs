// Drives the official MCP TypeScript client SDK (@modelcontextprotocol/client) through a list of steps against one
// Streamable HTTP endpoint and prints ONE JSON document of what it observed, so that a JUnit test (McpClientSdk)
// can check an endpoint against the client real hosts use, not against a client of our own.
//
// Usage: node mcp-client-run.mjs '{"url":"http://127.0.0.1:8080/mcp","era":"legacy","steps":["list",
//          "call test_simple_text {}","close"],"stepTimeoutMs":20000}'
//    or: node mcp-client-run.mjs <url> <era> <step>...          (each step one argument)
// The bearer token, when there is one, comes from the environment (MCP_BEARER_TOKEN), not the command line, where
// any process could read it; it is never printed.
//
// era: legacy (versionNegotiation.mode 'legacy': initialize + Mcp-Session-Id, the SDK's default),
//      auto (mode 'auto': server/discover probe, legacy initialize unless the answer is definitively modern),
//      modern (mode {pin: '2026-07-28'}: the stateless era only, no fallback).
// Steps: list | call <name> <argumentsJson> | close (DELETE of the session, then the client is closed) |
//        reconnect (closes the client without DELETE and connects again on a fresh transport).
// The connection is made before the first step. Times are milliseconds since the script started (monotonic).
// Exit code 0 whenever the document was printed, failures included (they are in it); 1 only if this script broke.

import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";

const SDK_VERSION = JSON.parse(readFileSync(new URL("./node_modules/@modelcontextprotocol/client/package.json",
    import.meta.url), "utf8")).version;
const ERAS = {
  legacy: { mode: "legacy" },
  auto: { mode: "auto" },
  modern: { mode: { pin: "2026-07-28" } },
};

const now = () => Math.round(performance.now() * 1000) / 1000;

function options(argv) {
  if (argv.length === 1 && argv[0].trimStart().startsWith("{")) {
    return JSON.parse(argv[0]);
  }
  const [url, era, ...steps] = argv;
  return { url, era, steps };
}

/** What a failure says, without a stack: a ProtocolError or SdkError has a code and maybe data. */
function describe(error) {
  const described = {
    type: error?.constructor?.name ?? typeof error,
    code: error?.code ?? null,
    message: String(error?.message ?? error),
    data: error?.data ?? null,
  };
  if (error?.cause) {
    described.cause = String(error.cause?.message ?? error.cause);
  }
  return described;
}

/** The SDK's own request timeout applies too; this one also bounds what has none (connect, close, DELETE). */
async function bounded(limitMs, what, work) {
  let timer;
  const limit = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`${what} took longer than ${limitMs} ms`),
        { code: "STEP_TIMEOUT" })), limitMs);
  });
  try {
    return await Promise.race([work(), limit]);
  } finally {
    clearTimeout(timer);
  }
}

async function main() {
  const run = options(process.argv.slice(2));
  const limitMs = run.stepTimeoutMs ?? 20000;
  const negotiation = ERAS[run.era ?? "legacy"];
  if (!run.url || !negotiation || !Array.isArray(run.steps)) {
    throw new Error("expected {url, era: legacy|auto|modern, steps: [...]}");
  }
  const token = process.env.MCP_BEARER_TOKEN;
  const report = {
    sdk: { name: "@modelcontextprotocol/client", version: SDK_VERSION },
    era: run.era ?? "legacy",
    versionNegotiation: negotiation,
    authorization: Boolean(token),
    steps: [],
  };
  let client;
  let transport;
  let sessionId;

  async function connect(step) {
    transport = new StreamableHTTPClientTransport(new URL(run.url), {
      requestInit: token ? { headers: { Authorization: `Bearer ${token}` } } : undefined,
    });
    client = new Client({ name: "mcp-gateway-tests", version: "1.0.0" }, { versionNegotiation: negotiation });
    const previous = sessionId;
    try {
      await bounded(limitMs, "connect", () => client.connect(transport, { timeout: limitMs }));
    } catch (error) {
      Object.assign(step, { ok: false, error: describe(error), at: now() });
      client = undefined;
      return;
    }
    sessionId = transport.sessionId;
    Object.assign(step, {
      ok: true,
      at: now(),
      protocolVersion: client.getNegotiatedProtocolVersion() ?? null,
      protocolEra: client.getProtocolEra() ?? null,
      sessionId: Boolean(sessionId),
      serverInfo: client.getServerVersion() ?? null,
      capabilities: client.getServerCapabilities() ?? null,
    });
    if (previous !== undefined) {
      step.sameSession = Boolean(sessionId) && sessionId === previous;
    }
  }

  async function perform(line, step) {
    const [verb, name, ...rest] = line.trim().split(/\s+/);
    step.step = verb;
    if (verb === "reconnect") {
      if (client) {
        await bounded(limitMs, "close", () => client.close()).catch(() => {});
      }
      await connect(step);
      return;
    }
    if (!client) {
      throw Object.assign(new Error("not connected"), { code: "NOT_CONNECTED" });
    }
    if (verb === "list") {
      const listed = await bounded(limitMs, "tools/list", () => client.listTools(undefined, { timeout: limitMs }));
      Object.assign(step, { ok: true, at: now(), tools: listed.tools.map(tool => tool.name) });
    } else if (verb === "call") {
      const args = rest.length ? JSON.parse(rest.join(" ")) : {};
      Object.assign(step, { name, arguments: args, progress: [] });
      const result = await bounded(limitMs, `tools/call ${name}`, () => client.callTool({ name, arguments: args }, {
        timeout: limitMs,
        onprogress: progress => step.progress.push({ at: now(), ...progress }),
      }));
      Object.assign(step, { ok: true, at: now(), result });
    } else if (verb === "close") {
      step.sessionIdBefore = Boolean(transport.sessionId);
      // Only a session can be terminated; the SDK skips the DELETE when there is none (the stateless era)
      await bounded(limitMs, "DELETE", () => transport.terminateSession());
      step.sessionIdAfter = Boolean(transport.sessionId);
      await bounded(limitMs, "close", () => client.close());
      client = undefined;
      Object.assign(step, { ok: true, at: now() });
    } else {
      throw new Error(`unknown step: ${line}`);
    }
  }

  const connection = { step: "connect", startedAt: now() };
  report.steps.push(connection);
  await connect(connection);
  for (const line of run.steps) {
    const step = { step: String(line), startedAt: now() };
    report.steps.push(step);
    try {
      await perform(String(line), step);
    } catch (error) {
      Object.assign(step, { ok: false, at: now(), error: describe(error) });
    }
  }
  if (client) {
    await bounded(limitMs, "close", () => client.close()).catch(() => {});
  }
  report.endedAt = now();
  process.stdout.write(JSON.stringify(report) + "\n");
}

main().then(() => process.exit(0), error => {
  process.stderr.write(`mcp-client-run broke: ${error?.stack ?? error}\n`);
  process.exit(1);
});
