import 'fake-indexeddb/auto';
import { describeIdbContract } from './contract-run.js';

describeIdbContract('fake-indexeddb', 60);
