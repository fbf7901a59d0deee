import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApplicationSubmission } from './application.js';

describe('parseWithoutEval', () => {
  it('is in force once a module with schemas is loaded, so no parse compiles code', () => {
    expect(ApplicationSubmission).toBeDefined();
    expect(z.config().jitless).toBe(true);
  });
});
