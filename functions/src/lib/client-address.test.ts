import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address.js';

describe('the address a call came from', () => {
  it('is the entry the front end appended, never one the client wrote', () => {
    const spoofed = {
      headers: { 'x-forwarded-for': '203.0.113.9, 198.51.100.7' },
      socket: { remoteAddress: '10.0.0.1' },
    };
    expect(clientAddress(spoofed)).toBe('198.51.100.7');
    expect(clientAddress({ headers: { 'x-forwarded-for': ['203.0.113.9', ' 198.51.100.8 '] } })).toBe('198.51.100.8');
  });

  it('falls back to the socket, then to a fixed name', () => {
    expect(clientAddress({ headers: {}, socket: { remoteAddress: '127.0.0.1' } })).toBe('127.0.0.1');
    expect(clientAddress({ headers: { 'x-forwarded-for': ' , ' }, socket: {} })).toBe('unknown');
    expect(clientAddress(undefined)).toBe('unknown');
  });
});
