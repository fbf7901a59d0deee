import { describe, expect, it } from 'vitest';
import { readConfig } from '../../config.js';
import { DEFAULT_API_LIMITS, DEFAULT_RATE_LIMIT } from './api-policy.js';

describe('the API settings of the environment', () => {
  it('default to the documented limits, budgets on, counters in memory, and request logs', () => {
    const config = readConfig({});
    expect(config.apiLimits).toEqual(DEFAULT_API_LIMITS);
    expect(config.rateLimit).toEqual(DEFAULT_RATE_LIMIT);
    expect(config.redis).toBeNull();
    expect(config.corsOrigins).toEqual([]);
    expect(config.logLevel).toBe('info');
  });

  it('reads every limit, the budgets, Redis, CORS origins and the log level', () => {
    const config = readConfig({
      MAX_DEPTH: '7',
      MAX_ALIASES: '5',
      MAX_DIRECTIVES: '3',
      MAX_TOKENS: '500',
      MAX_COST: '900',
      MAX_BODY_BYTES: '4096',
      MAX_VARIABLES_DEPTH: '12',
      COST_LIST_ESTIMATE: '20',
      RATE_LIMIT_WINDOW_SECONDS: '3600',
      RATE_LIMIT_ANONYMOUS: '1000',
      RATE_LIMIT_API_KEY: '50000',
      REDIS_URL: 'redis://127.0.0.1:6379/2',
      REDIS_COMMAND_TIMEOUT_MS: '250',
      REDIS_CONNECT_TIMEOUT_MS: '1500',
      CORS_ORIGINS: 'https://console.example.com, http://localhost:5173',
      LOG_LEVEL: 'silent',
    });
    expect(config.apiLimits).toEqual({
      maxDepth: 7,
      maxAliases: 5,
      maxDirectives: 3,
      maxTokens: 500,
      maxCost: 900,
      maxBodyBytes: 4096,
      maxVariablesDepth: 12,
      listEstimate: 20,
    });
    expect(config.rateLimit).toEqual({ windowSeconds: 3600, anonymous: 1000, apiKey: 50000 });
    expect(config.redis).toEqual({
      url: 'redis://127.0.0.1:6379/2',
      keyPrefix: 'certhub:',
      commandTimeoutMs: 250,
      connectTimeoutMs: 1500,
    });
    expect(config.corsOrigins).toEqual(['https://console.example.com', 'http://localhost:5173']);
    expect(config.logLevel).toBe('silent');
  });

  it('reads the subscription caps, 20 operations per connection and 50 connections per address by default', () => {
    expect(readConfig({}).sockets).toEqual({ maxSubscriptionsPerConnection: 20, maxConnectionsPerClient: 50 });
    expect(readConfig({ WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '5', WS_MAX_CONNECTIONS_PER_CLIENT: '8' }).sockets).toEqual({
      maxSubscriptionsPerConnection: 5,
      maxConnectionsPerClient: 8,
    });
    expect(() => readConfig({ WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '0', WS_MAX_CONNECTIONS_PER_CLIENT: 'many' })).toThrow(
      /WS_MAX_SUBSCRIPTIONS_PER_CONNECTION[\s\S]*WS_MAX_CONNECTIONS_PER_CLIENT/,
    );
  });

  it('turns the budgets off with RATE_LIMIT=off', () => {
    expect(readConfig({ RATE_LIMIT: 'off' }).rateLimit).toBeNull();
  });

  it('refuses wrong values, naming each', () => {
    expect(() =>
      readConfig({ MAX_DEPTH: '0', RATE_LIMIT: 'maybe', REDIS_URL: 'localhost:6379', CORS_ORIGINS: 'console.example.com/path' }),
    ).toThrow(/MAX_DEPTH[\s\S]*RATE_LIMIT[\s\S]*REDIS_URL[\s\S]*CORS_ORIGINS/);
  });
});
