// SPDX-License-Identifier: BSD-2-Clause
//
// node ntpv4-walk.js PORT [OID]: walks OID (default NTPv4-MIB, 1.3.6.1.2.1.197)
// on 127.0.0.1:PORT with GETBULK, using the npm package net-snmp (a client
// that shares no code with the agent's library), and prints one line per
// object: "OID TYPE VALUE", VALUE in decimal, or hex for an OCTET STRING.
// Exits 1, with the error on stderr, on any error or error varbind.
"use strict";

const snmp = require("net-snmp");

const port = parseInt(process.argv[2], 10);
const root = process.argv[3] || "1.3.6.1.2.1.197";
if (!port) {
	console.error("usage: node ntpv4-walk.js PORT [OID]");
	process.exit(2);
}

const session = snmp.createSession("127.0.0.1", "public", {
	port: port,
	version: snmp.Version2c,
	timeout: 2000,
	retries: 1,
});
let failed = false;

function show(vb) {
	if (snmp.isVarbindError(vb)) {
		console.error("error varbind: " + snmp.varbindError(vb));
		failed = true;
		return;
	}
	const type = snmp.ObjectType[vb.type];
	const value = Buffer.isBuffer(vb.value) ? vb.value.toString("hex") : String(vb.value);
	console.log(vb.oid + " " + type + " " + value);
}

session.subtree(root, 20, (varbinds) => varbinds.forEach(show), (error) => {
	session.close();
	if (error) {
		console.error("walk failed: " + error.toString());
		process.exit(1);
	}
	process.exit(failed ? 1 : 0);
});
