// Preloaded into the reference MCP server by the integration tests (node --require): the server listens with
// app.listen(PORT), on every interface, and a test server must stay on loopback. A listen given only a port gets
// the loopback host added; every other call is left as it is.
"use strict";
const net = require("node:net");

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const portOnly = (typeof args[0] === "number" || typeof args[0] === "string") && typeof args[1] !== "string";
  if (portOnly) {
    args.splice(1, 0, "127.0.0.1");
  }
  return listen.apply(this, args);
};
