// The `ckan` service of the compose test: the project's CKAN test server (answers from
// captured CKAN fixtures) on port 5000 of its container, in place of CKAN's image.
import { FakeCkan } from '../fakes/ckan-server.js';

const ckan = await FakeCkan.start(5000);
console.log(`ckan stand-in listening on port 5000 (${ckan.url})`);
process.once('SIGTERM', () => void ckan.close().then(() => process.exit(0)));
