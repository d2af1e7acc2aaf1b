// A service stand-in for the compose test: `listen PORT` accepts TCP connections on
// every address and answers each with one line; `probe PORT` exits 0 when something
// accepts a connection on 127.0.0.1:PORT (the healthcheck). Exits on SIGTERM at once.
import { connect, createServer } from 'node:net';

const [mode, port] = process.argv.slice(2);
process.once('SIGTERM', () => process.exit(0));
if (mode === 'listen') {
  createServer((socket) => {
    socket.on('error', () => {}); // a probe that hangs up first is not a failure
    socket.end('stand-in\n');
  }).listen(Number(port), '::');
} else {
  const socket = connect(Number(port), '127.0.0.1');
  socket.once('connect', () => process.exit(0));
  socket.once('error', () => process.exit(1));
}
