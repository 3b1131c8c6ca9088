// Registered as a setup file of the integration and e2e tiers (vitest.config.ts): runs after each test file.
import { afterAll } from 'vitest';
import { removeTempDirs } from './temp-dirs.js';

afterAll(removeTempDirs);
