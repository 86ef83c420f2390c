// zapier-platform-core wraps http/https.request once per process to log raw HTTP calls, capturing
// whichever request function exists at that moment. Jest runs several test files in one worker, so
// the wrapper made in an earlier file would sit under nock in a later one and send requests to the
// real network. The tests do not need that logging: mark the modules as already patched.
require('http').patchedByZapier = true;
require('https').patchedByZapier = true;
