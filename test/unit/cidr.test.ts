import { describe, expect, it } from 'vitest';
import { cidrContains, coversInternet, isGloballyRoutable, parseCidr } from '../../src/policy/cidr.js';
import { internetExposure, openFamilies } from '../../src/analysis/sg-exposure.js';
import { perm } from '../helpers/builder.js';

describe('CIDR arithmetic', () => {
  it('parses IPv4 and IPv6, rejects junk', () => {
    expect(parseCidr('10.0.0.0/8')?.prefix).toBe(8);
    expect(parseCidr('2001:db8::/32')?.family).toBe('ipv6');
    expect(parseCidr('::ffff:10.0.0.1/128')?.family).toBe('ipv6');
    expect(parseCidr('300.0.0.0/8')).toBeUndefined();
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('fe80::1::2/64')).toBeUndefined();
  });
  it.each([
    [['0.0.0.0/0'], 'ipv4', true],
    [['0.0.0.0/1', '128.0.0.0/1'], 'ipv4', true],
    [['0.0.0.0/1'], 'ipv4', false],
    // Everything except the private/reserved blocks is still the whole Internet.
    [['0.0.0.0/5', '8.0.0.0/7', '11.0.0.0/8', '12.0.0.0/6', '16.0.0.0/4', '32.0.0.0/3', '64.0.0.0/2', '128.0.0.0/1'], 'ipv4', true],
    [['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'], 'ipv4', false],
    [['::/0'], 'ipv6', true],
    [['2000::/3'], 'ipv6', true],
    [['2000::/4'], 'ipv6', false],
    [['0.0.0.0/0'], 'ipv6', false],
  ])('coversInternet(%j, %s) = %s', (cidrs, fam, expected) => {
    expect(coversInternet(cidrs as string[], fam as 'ipv4' | 'ipv6')).toBe(expected);
  });
  it('knows what is globally routable', () => {
    expect(isGloballyRoutable('203.0.113.0/24')).toBe(true);
    expect(isGloballyRoutable('100.64.0.0/10')).toBe(false);
    expect(isGloballyRoutable('fd00::/8')).toBe(false);
    expect(cidrContains('10.0.0.0/8', '10.1.2.0/24')).toBe(true);
  });
});

describe('security group Internet exposure', () => {
  it('unions sources per port across rules', () => {
    const e = internetExposure([
      perm({ fromPort: 20, toPort: 30, ipv4: [{ cidr: '0.0.0.0/1' }] }),
      perm({ fromPort: 22, toPort: 22, ipv4: [{ cidr: '128.0.0.0/1' }] }),
    ]);
    expect(e.tcp).toEqual([expect.objectContaining({ from: 22, to: 22 })]);
  });
  it('treats protocol -1 and unusual protocol numbers as every port', () => {
    expect(internetExposure([perm({ protocol: '-1', ipv6: [{ cidr: '::/0' }] })]).allTraffic).toEqual(['ipv6']);
    expect(internetExposure([perm({ protocol: '47', fromPort: 0, toPort: 0, ipv4: [{ cidr: '0.0.0.0/0' }] })]).allTraffic).toEqual([
      'ipv4',
    ]);
  });
  it('never counts ICMP as a port', () => {
    const e = internetExposure([perm({ protocol: 'icmp', fromPort: -1, toPort: -1, ipv4: [{ cidr: '0.0.0.0/0' }] })]);
    expect(e.tcp).toEqual([]);
    expect(e.allTraffic).toEqual([]);
  });
  it('expands customer-managed prefix lists', () => {
    const e = internetExposure(
      [perm({ fromPort: 22, toPort: 22, prefixListIds: ['pl-1'] })],
      [{ id: 'pl-1', ownerId: '1', entries: { state: 'ok', value: ['0.0.0.0/0'] } }],
    );
    expect(openFamilies(e, 'tcp', 22)).toEqual(['ipv4']);
    expect(e.prefixLists).toEqual(['pl-1']);
  });
  it('reports a range containing a port as opening it', () => {
    expect(openFamilies(internetExposure([perm({ fromPort: 0, toPort: 1024, ipv4: [{ cidr: '0.0.0.0/0' }] })]), 'tcp', 22)).toEqual([
      'ipv4',
    ]);
    expect(openFamilies(internetExposure([perm({ fromPort: 0, toPort: 1024, ipv4: [{ cidr: '0.0.0.0/0' }] })]), 'udp', 22)).toEqual([]);
  });
});
