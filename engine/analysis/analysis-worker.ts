// Web-worker entry of the browser analysis pool (see web-pool.ts): serves Monte Carlo chunks.
import { serveAnalysisRequests, type WorkerLike } from './web-pool.js';

serveAnalysisRequests(self as unknown as WorkerLike);
