import { describeIdbContract } from './contract-run.js';

// The browser's own IndexedDB: Chromium's ordering of array keys, its transactions' commit and
// abort, and structured clone of the kept view's entries.
describeIdbContract('Chromium IndexedDB', 30);
