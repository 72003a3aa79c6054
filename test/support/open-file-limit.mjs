// Preloaded into a run of dist/ (node --import): the process may hold at most
// OPEN_FILE_LIMIT files of the audit report open at once, as a runner with a low limit on
// open files allows (macOS: 256). One more open fails with EMFILE, as the system would.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const limit = Number(process.env.OPEN_FILE_LIMIT ?? '32');
const open = new Set();
const watched = (path) => String(path).includes('devin-keys-audit');

function emfile(path) {
  return Object.assign(new Error(`EMFILE: too many open files, open '${String(path)}'`), {
    code: 'EMFILE',
    errno: -24,
    syscall: 'open',
    path: String(path),
  });
}

const { openSync, closeSync, open: openAsync, close: closeAsync } = fs;
fs.openSync = (path, ...rest) => {
  if (watched(path) && open.size >= limit) throw emfile(path);
  const descriptor = openSync(path, ...rest);
  if (watched(path)) open.add(descriptor);
  return descriptor;
};
fs.closeSync = (descriptor) => {
  open.delete(descriptor);
  return closeSync(descriptor);
};
fs.open = (path, ...rest) => {
  const callback = rest.pop();
  if (watched(path) && open.size >= limit) {
    process.nextTick(() => callback(emfile(path)));
    return;
  }
  openAsync(path, ...rest, (error, descriptor) => {
    if (error === null && watched(path)) open.add(descriptor);
    callback(error, descriptor);
  });
};
fs.close = (descriptor, callback) => {
  open.delete(descriptor);
  return closeAsync(descriptor, callback);
};
syncBuiltinESMExports();
